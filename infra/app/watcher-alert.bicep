// A watch on the watcher: an Azure Monitor log alert on the function app's Application Insights that
// fires when no snatWatch run succeeded in the last 10 minutes (the timer runs every minute), or when
// 3 or more runs failed in them — SNAT Watch gone silent is itself an incident. It notifies an action
// group whose e-mail address is a parameter; with none, the rule still fires in Azure Monitor → Alerts.
// The Functions host logs every invocation as a request named after the function, with `success`.
// https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-log-alert-rule
// https://learn.microsoft.com/azure/azure-functions/analyze-telemetry-data

param appInsightsName string

param location string = resourceGroup().location

param tags object = {}

@description('E-mail address the alert goes to; empty: no notification, the alert only shows in Azure Monitor.')
param alertEmail string = ''

@description('Failed snatWatch runs in 10 minutes that fire the alert even when some succeeded.')
param failedRunsThreshold int = 3

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-snat-watch-${uniqueString(appInsights.id)}'
  location: 'global'
  tags: tags
  properties: {
    // At most 12 characters: the name an SMS or e-mail shows.
    groupShortName: 'snatwatch'
    enabled: true
    emailReceivers: [
      {
        name: 'on-call'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource silentWatch 'Microsoft.Insights/scheduledQueryRules@2021-08-01' = {
  name: 'snat-watch-not-running-${uniqueString(appInsights.id)}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'SNAT Watch is not watching'
    description: 'No successful snatWatch run in 10 minutes, or ${failedRunsThreshold} or more failed runs: SNAT alerts may not be sent. See docs/troubleshooting.md.'
    severity: 1
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT10M'
    criteria: {
      allOf: [
        {
          // One row (the alert) when the window holds no successful run or too many failed ones. With no
          // request at all, summarize still yields one row of zeros: a watch that stopped running fires too.
          // (A multi-line string takes no interpolation: the threshold goes in by replace().)
          query: replace('''
requests
| where operation_Name =~ 'snatWatch'
| summarize succeeded = countif(success == true), failed = countif(success == false)
| where succeeded == 0 or failed >= FAILED_RUNS
''', 'FAILED_RUNS', string(failedRunsThreshold))
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: empty(alertEmail) ? [] : [
        actionGroup.id
      ]
    }
  }
}

output alertRuleName string = silentWatch.name
