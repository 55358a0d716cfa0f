// Read access for the identity on one watched resource group, deployed at that group: the grant of
// app/watch-subscription.bicep, narrowed to the group that holds the load balancers or NAT gateways.
// Discovery lists whole subscriptions, so a group-scoped watch names its targets in SNAT_TARGETS.
targetScope = 'resourceGroup'

@description('Principal (object) ID of the user-assigned identity.')
param principalId string

// Topology: GET load balancers, NAT gateways, public IPs and AKS clusters with their agent pools.
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/general#reader
var reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7' // Reader

// Metrics: the SNAT metrics of every load balancer and NAT gateway, through the metrics batch API.
// https://learn.microsoft.com/azure/azure-monitor/roles-permissions-security#monitoring-reader
var monitoringReader = '43d0d8ad-25c7-4714-9337-8ba259a9fe05' // Monitoring Reader

resource readerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, reader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', reader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource monitoringReaderAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, monitoringReader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
