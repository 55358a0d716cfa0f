// Read access for the identity on one watched resource group, deployed at that group: the custom role of
// app/watch-subscription.bicep (infra/watch-reader-role.json), defined with this group as its only
// assignable scope and assigned here. Discovery lists whole subscriptions, so a group-scoped watch names
// its targets in SNAT_TARGETS.
// https://learn.microsoft.com/azure/role-based-access-control/custom-roles-bicep
targetScope = 'resourceGroup'

@description('Principal (object) ID of the user-assigned identity.')
param principalId string

@description('Role name, unique in the tenant.')
param roleName string

var role = loadJsonContent('../watch-reader-role.json')

resource watchReader 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, roleName)
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
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource watchReaderAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, watchReader.id)
  properties: {
    roleDefinitionId: watchReader.id // SNAT Watch Reader (custom)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output roleName string = roleName
output roleDefinitionId string = watchReader.id
