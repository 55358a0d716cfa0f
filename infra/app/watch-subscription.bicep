// Read access for the identity on a watched subscription, deployed at that subscription: what watching
// needs and nothing that can change a resource. Further subscriptions get the same two roles by hand
// (README, "Deploy"); app/watch-resource-group.bicep is the same grant for one resource group.
targetScope = 'subscription'

@description('Principal (object) ID of the user-assigned identity.')
param principalId string

// Topology: GET load balancers, NAT gateways, public IPs and AKS clusters with their agent pools.
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/general#reader
var reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7' // Reader

// Metrics: the SNAT metrics of every load balancer and NAT gateway, through the metrics batch API.
// https://learn.microsoft.com/azure/azure-monitor/roles-permissions-security#monitoring-reader
var monitoringReader = '43d0d8ad-25c7-4714-9337-8ba259a9fe05' // Monitoring Reader

resource readerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, reader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', reader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource monitoringReaderAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, monitoringReader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
