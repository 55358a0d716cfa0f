// Workload attribution (docs/attribution.md): the identity may query one Azure Monitor workspace, the
// one holding the cluster's managed Prometheus metrics (ACNS Hubble metrics), and nothing else there.
// Deployed only when main.bicep is given the workspace (prometheusWorkspaceId).
// https://learn.microsoft.com/azure/azure-monitor/metrics/prometheus-api-promql

@description('Principal (object) ID of the user-assigned identity.')
param principalId string

@description('Name of the Azure Monitor workspace (Microsoft.Monitor/accounts) in this resource group.')
param workspaceName string

// Query the workspace's Prometheus metrics through its query endpoint (PromQL, read only).
var monitoringDataReader = 'b0d8363b-8ddd-447d-831f-62ca05bff136' // Monitoring Data Reader

resource workspace 'Microsoft.Monitor/accounts@2023-04-03' existing = {
  name: workspaceName
}

resource dataReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workspace.id, principalId, monitoringDataReader)
  scope: workspace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringDataReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// SNAT_PROMETHEUS_QUERY_ENDPOINT: where the app sends its PromQL.
output queryEndpoint string = workspace.properties.metrics.prometheusQueryEndpoint
