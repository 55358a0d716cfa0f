// Where the app's logs and telemetry go: a Log Analytics workspace and the workspace-based Application
// Insights component the Functions host writes to. The component accepts telemetry only with an Entra
// token (disableLocalAuth), which the identity gets as Monitoring Metrics Publisher (app-access.bicep).

param workspaceName string

param appInsightsName string

param location string = resourceGroup().location

param tags object = {}

@description('Days logs and telemetry are kept.')
param retentionInDays int = 30

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.11.1' = {
  name: 'log-analytics'
  params: {
    name: workspaceName
    location: location
    tags: tags
    dataRetention: retentionInDays
  }
}

module appInsights 'br/public:avm/res/insights/component:0.6.0' = {
  name: 'app-insights'
  params: {
    name: appInsightsName
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    disableLocalAuth: true
    retentionInDays: retentionInDays
  }
}

output workspaceName string = logAnalytics.outputs.name
output appInsightsName string = appInsights.outputs.name
output connectionString string = appInsights.outputs.connectionString
