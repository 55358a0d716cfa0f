// Read access for the identity on a watched subscription, deployed at that subscription: a custom role
// that lists exactly the read actions the app performs (infra/watch-reader-role.json, held to the SDK
// calls in src/azure by test/infra/infra.test.ts), instead of Reader + Monitoring Reader — Reader reads
// every resource type, and Monitoring Reader also grants Log Analytics search and support tickets.
// Further subscriptions are listed in assignableScopes and get an assignment by hand (docs/deploy.md);
// app/watch-resource-group.bicep is the same grant for one resource group.
// https://learn.microsoft.com/azure/role-based-access-control/custom-roles-bicep
targetScope = 'subscription'

@description('Principal (object) ID of the user-assigned identity.')
param principalId string

@description('Role name, unique in the tenant: the environment\'s resource token keeps two deployments apart.')
param roleName string

@description('Further subscription IDs the role may be assigned in (SNAT_DISCOVERY_SUBSCRIPTIONS).')
param extraSubscriptionIds array = []

var role = loadJsonContent('../watch-reader-role.json')

resource watchReader 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, roleName)
  properties: {
    roleName: roleName
    description: role.Description
    type: 'CustomRole'
    permissions: [
      {
        actions: role.Actions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: union([subscription().id], map(extraSubscriptionIds, id => '/subscriptions/${id}'))
  }
}

resource watchReaderAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, watchReader.id)
  properties: {
    roleDefinitionId: watchReader.id // SNAT Watch Reader (custom)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output roleName string = roleName
output roleDefinitionId string = watchReader.id
