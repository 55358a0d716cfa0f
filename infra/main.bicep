// SNAT Watch on Azure, deployed by `azd up`: a Flex Consumption function app that reads load balancer
// and NAT gateway metrics as a user-assigned identity, keeps its alert state in Table Storage and posts
// to Slack through a webhook URL held in Key Vault. No key, connection string or secret literal lives
// here: storage and telemetry authenticate with the identity, the webhook arrives as a @secure() parameter.
// Bicep cannot be compiled on every machine; where it can: `az bicep build --file infra/main.bicep`.
// test/infra/infra.test.ts reads these files and holds them to the config schema and the role rules.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; with the subscription and region it seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer Flex Consumption: az functionapp list-flexconsumption-locations')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Subscription whose load balancers and NAT gateways are watched.')
param watchedSubscriptionId string = subscription().subscriptionId

@description('Resource group to watch inside that subscription; empty watches the whole subscription.')
param watchedResourceGroupName string = ''

@description('SNAT_TARGETS: comma-separated load balancer and NAT gateway resource IDs.')
param snatTargets string = ''

@description('SNAT_DISCOVERY_SUBSCRIPTIONS: comma-separated subscription IDs to discover targets in.')
param snatDiscoverySubscriptions string = ''

@description('SNAT_WATCH_SCHEDULE: NCRONTAB expression (six fields, UTC) of the watch run.')
param snatWatchSchedule string = '0 */1 * * * *'

@description('SNAT_DIGEST_SCHEDULE: NCRONTAB expression (six fields, UTC) of the daily digest.')
param snatDigestSchedule string = '0 0 8 * * *'

@secure()
@minLength(1)
@description('Slack incoming webhook URL. Stored as a Key Vault secret; the app setting only references it.')
param slackWebhookUrl string

@allowed([
  '20'
  '22'
])
@description('Node.js major version of the Flex Consumption runtime.')
param nodeVersion string = '22'

// Flex Consumption allows 40 to 1,000 (https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan).
// 40 is plenty: the timers run once each, and a fanned-out run of 10,000 targets is 200 batches a
// minute of about 0.3 s CPU each, which a handful of instances take at host.json's batchSize 4; the cap
// bounds what a backlog or a failing batch retried everywhere can cost.
@minValue(40)
@maxValue(1000)
@description('Most Flex Consumption instances the app may scale out to (HTTP load and fan-out batch workers; each timer runs once).')
param maximumInstanceCount int = 40

@description('Private-network mode: VNet integration for the app, and storage reachable only through private endpoints.')
param vnetEnabled bool = false

@description('E-mail address for the "SNAT Watch is not watching" alert; empty: the alert shows in Azure Monitor only.')
param alertEmail string = ''

@description('Workload attribution (docs/attribution.md): resource ID of the Azure Monitor workspace holding the cluster\'s managed Prometheus (ACNS) metrics. Empty: no pod is named and no role is granted there.')
param prometheusWorkspaceId string = ''

// Name prefixes: https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-abbreviations
var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}snat-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
// Flex Consumption runs the package azd uploads to this blob container (3–63 lowercase characters).
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(uniqueString(functionAppName, resourceToken), 7)}'
var blobServiceUri = 'https://${storageAccountName}.blob.${environment().suffixes.storage}'
var tableServiceUri = 'https://${storageAccountName}.table.${environment().suffixes.storage}'
var queueServiceUri = 'https://${storageAccountName}.queue.${environment().suffixes.storage}'
// The fan-out's batch queue (SNAT_FANOUT_QUEUE); its poison queue is this name + '-poison'.
var fanoutQueueName = 'snat-watch-batches'
var slackSecretName = 'slack-webhook-url'
var watchesWholeSubscription = empty(watchedResourceGroupName)
var watchedScope = watchesWholeSubscription ? '/subscriptions/${watchedSubscriptionId}' : '/subscriptions/${watchedSubscriptionId}/resourceGroups/${watchedResourceGroupName}'
// The config schema demands SNAT_TARGETS or SNAT_DISCOVERY_SUBSCRIPTIONS; given neither, a subscription
// watch discovers the watched subscription. A resource group watch must name its targets.
var discoverWatchedSubscription = empty(snatTargets) && empty(snatDiscoverySubscriptions) && watchesWholeSubscription
var discoverySubscriptions = discoverWatchedSubscription ? watchedSubscriptionId : snatDiscoverySubscriptions
// The custom role's name is unique in the tenant: one per environment.
var watchRoleName = 'SNAT Watch Reader (${environmentName}, ${resourceToken})'
// Discovery subscriptions other than the watched one: the role may be assigned there too (docs/deploy.md).
// Workload attribution: the workspace's subscription, group and name, read from its resource ID.
var attributionEnabled = !empty(prometheusWorkspaceId)
var workspaceIdParts = split(prometheusWorkspaceId, '/')
var extraRoleSubscriptions = filter(map(split(discoverySubscriptions, ','), id => trim(id)), id => !empty(id) && id != watchedSubscriptionId)

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// The one identity the app runs as; every role below is granted to it and to nothing else.
module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}snat-${resourceToken}'
    location: location
    tags: tags
  }
}

// Host storage (function keys, timer locks), the deployment package and our tables. Shared keys are
// off, so no connection string exists to leak: every request carries an Entra ID token.
module storage 'br/public:avm/res/storage/storage-account:0.8.3' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    skuName: 'Standard_LRS'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    // Standard DNS names: blobServiceUri, tableServiceUri and queueServiceUri above are derived from them.
    dnsEndpointType: 'Standard'
    // Private-network mode: only the private endpoints (app/storage-private-endpoints.bicep) reach it.
    publicNetworkAccess: vnetEnabled ? 'Disabled' : 'Enabled'
    networkAcls: vnetEnabled
      ? {
          defaultAction: 'Deny'
          bypass: 'None'
        }
      : {
          defaultAction: 'Allow'
          bypass: 'AzureServices'
        }
    blobServices: {
      containers: [
        {
          name: deploymentContainerName
        }
      ]
    }
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    workspaceName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    appInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

// RBAC mode: access is a role assignment (app/app-access.bicep), never an access policy.
module keyVault 'br/public:avm/res/key-vault/vault:0.13.3' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    sku: 'standard'
    enableRbacAuthorization: true
    enableVaultForDeployment: false
    enableVaultForDiskEncryption: false
    enableVaultForTemplateDeployment: false
    softDeleteRetentionInDays: 7
    // A deleted vault (and the webhook secret in it) can be recovered for 7 days and purged by no one,
    // as the Flex Consumption quickstart sets it. `azd down` leaves the name taken for those days.
    enablePurgeProtection: true
    secrets: [
      {
        name: slackSecretName
        value: slackWebhookUrl
        contentType: 'Slack incoming webhook URL'
      }
    ]
  }
}

module plan 'br/public:avm/res/web/serverfarm:0.1.1' = {
  name: 'plan'
  scope: rg
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    kind: 'FunctionApp'
    reserved: true
    sku: {
      name: 'FC1'
      tier: 'FlexConsumption'
    }
  }
}

// The identity's data roles on the app's own storage account, Key Vault and Application Insights.
module appAccess 'app/app-access.bicep' = {
  name: 'app-access'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

// The fan-out's batch queue and poison queue, and the identity's queue role on those two queues only.
module fanoutQueues 'app/fanout-queues.bicep' = {
  name: 'fanout-queues'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    principalId: identity.outputs.principalId
    queueName: fanoutQueueName
  }
}

// Read-only access to what is watched: the whole subscription, or one resource group of it, through a
// custom role listing exactly the read actions the app performs (infra/watch-reader-role.json).
module watchSubscription 'app/watch-subscription.bicep' = if (watchesWholeSubscription) {
  name: 'snat-watch-subscription-${resourceToken}'
  scope: subscription(watchedSubscriptionId)
  params: {
    principalId: identity.outputs.principalId
    roleName: watchRoleName
    extraSubscriptionIds: extraRoleSubscriptions
  }
}

// ARM validates the scope of a module even when its condition is false, and an empty or missing group
// fails that: when the whole subscription is watched, this skipped module points at the app's group,
// after it exists. https://github.com/Azure/bicep/issues/1492
var watchedGroupSubscriptionId = watchesWholeSubscription ? subscription().subscriptionId : watchedSubscriptionId
var watchedGroupName = watchesWholeSubscription ? rg.name : watchedResourceGroupName

module watchResourceGroup 'app/watch-resource-group.bicep' = if (!watchesWholeSubscription) {
  name: 'snat-watch-resource-group-${resourceToken}'
  scope: resourceGroup(watchedGroupSubscriptionId, watchedGroupName)
  params: {
    principalId: identity.outputs.principalId
    roleName: watchRoleName
  }
  dependsOn: [
    rg
  ]
}

// Monitoring Data Reader on the Azure Monitor workspace, only when one is given: the pods behind a hot
// node come from its ACNS metrics (docs/attribution.md). Skipped otherwise, pointing at the app's group
// for the same reason as watchResourceGroup above.
module attributionAccess 'app/attribution-access.bicep' = if (attributionEnabled) {
  name: 'snat-watch-attribution-${resourceToken}'
  scope: resourceGroup(attributionEnabled ? workspaceIdParts[2] : subscription().subscriptionId, attributionEnabled ? workspaceIdParts[4] : rg.name)
  params: {
    principalId: identity.outputs.principalId
    workspaceName: attributionEnabled ? last(workspaceIdParts) : ''
  }
  dependsOn: [
    rg
  ]
}

// Every app setting. Required keys of the config schema (src/config.ts), one key of each either-or
// pair it demands and every %NAME% a trigger binds are checked by test/infra/infra.test.ts.
// https://learn.microsoft.com/azure/azure-functions/functions-app-settings
var appSettings = {
  // Host storage through the identity, no connection string:
  // https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  AzureWebJobsStorage__blobServiceUri: blobServiceUri
  // Our alert state, outbox and snapshots (src/state/table-client.ts) live in the same account.
  AzureWebJobsStorage__tableServiceUri: tableServiceUri
  // The fan-out's queues (src/fanout/batch-queue.ts) and snatWatchBatch's trigger (connection AzureWebJobsStorage).
  AzureWebJobsStorage__queueServiceUri: queueServiceUri
  SNAT_FANOUT_QUEUE: fanoutQueues.outputs.queueName
  // DefaultAzureCredential (ARM, metrics, tables) picks the user-assigned identity by this client ID.
  AZURE_CLIENT_ID: identity.outputs.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  // https://learn.microsoft.com/azure/azure-functions/functions-app-settings#applicationinsights_authentication_string
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  // Resolved by the platform with keyVaultReferenceIdentity (app/function-app.bicep); versionless, so a
  // rotated secret is picked up. https://learn.microsoft.com/azure/app-service/app-service-key-vault-references
  SLACK_WEBHOOK_URL: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.secrets[0].uri})'
  SNAT_TARGETS: snatTargets
  SNAT_DISCOVERY_SUBSCRIPTIONS: discoverySubscriptions
  SNAT_WATCH_SCHEDULE: snatWatchSchedule
  SNAT_DIGEST_SCHEDULE: snatDigestSchedule
  // Empty (unset) without a workspace: attribution then says `no-workspace` on the page and in the JSON.
  SNAT_PROMETHEUS_QUERY_ENDPOINT: attributionEnabled ? attributionAccess!.outputs.queryEndpoint : ''
}

// Private-network mode: the VNet, and private endpoints for the storage services the app uses.
module network 'app/vnet.bicep' = if (vnetEnabled) {
  name: 'vnet'
  scope: rg
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
  }
}

module storagePrivateEndpoints 'app/storage-private-endpoints.bicep' = if (vnetEnabled) {
  name: 'storage-private-endpoints'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    virtualNetworkId: vnetEnabled ? network.outputs.id : ''
    subnetId: vnetEnabled ? network.outputs.privateEndpointSubnetId : ''
    location: location
    tags: tags
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.resourceId
    identityId: identity.outputs.resourceId
    deploymentContainerUri: '${blobServiceUri}/${deploymentContainerName}'
    nodeVersion: nodeVersion
    maximumInstanceCount: maximumInstanceCount
    appSettings: appSettings
    virtualNetworkSubnetId: vnetEnabled ? network.outputs.appSubnetId : ''
  }
  // The host starts with the site: its storage account, roles and secret must already be there (and in
  // private-network mode, the private endpoints it reaches storage through).
  dependsOn: [
    storage
    appAccess
    fanoutQueues
    storagePrivateEndpoints
  ]
}

// A watch on the watcher: an alert when snatWatch stops succeeding.
module watcherAlert 'app/watcher-alert.bicep' = {
  name: 'watcher-alert'
  scope: rg
  params: {
    appInsightsName: monitoring.outputs.appInsightsName
    location: location
    tags: tags
    alertEmail: alertEmail
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
output LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.workspaceName
// Grant this principal the custom role on further subscriptions (docs/deploy.md, "Watch more subscriptions").
output SNAT_WATCH_PRINCIPAL_ID string = identity.outputs.principalId
output SNAT_WATCH_ROLE_NAME string = watchRoleName
output SNAT_WATCH_CLIENT_ID string = identity.outputs.clientId
output SNAT_WATCHED_SCOPE string = watchedScope
