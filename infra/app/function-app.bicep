// The function app on the Flex Consumption plan, running as the user-assigned identity.
// A plain resource rather than AVM web/site: that module merges the settings already on the site into
// the new ones, so a setting removed from main.bicep would live on. Here appSettings is the whole truth.
// https://learn.microsoft.com/azure/azure-functions/flex-consumption-how-to

@description('Function app name; its default host name (SNAT_PUBLIC_URL) is read from the site.')
param name string

param location string = resourceGroup().location

param tags object = {}

@description('Resource ID of the Flex Consumption (FC1) plan.')
param planId string

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

@description('URL of the blob container Flex Consumption loads the app package from.')
param deploymentContainerUri string

@allowed([
  '20'
  '22'
])
param nodeVersion string

@description('Most instances the app may scale out to.')
param maximumInstanceCount int

@description('Memory per instance; Flex Consumption offers 512, 2048 and 4096 MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Every app setting, name to string value; secrets only as Key Vault references.')
param appSettings object

@description('Subnet (delegated to Microsoft.App/environments) for VNet integration; empty: none.')
param virtualNetworkSubnetId string = ''

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the app to deploy by this tag: it names the service in azure.yaml.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    // Key Vault references (SLACK_WEBHOOK_URL) resolve as the user-assigned identity, not a system one.
    keyVaultReferenceIdentity: identityId
    // Private-network mode (vnetEnabled): outbound traffic, storage included, goes through this subnet.
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUri
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the language here; FUNCTIONS_WORKER_RUNTIME is not an app setting on it.
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      // The deployment endpoint (Kudu/SCM) too: nothing older than TLS 1.2.
      scmMinTlsVersion: '1.2'
      // No FTP or FTPS: azd deploys the package to blob storage with the identity.
      ftpsState: 'Disabled'
    }
  }
}

// Every app setting, as one child resource that replaces them all (so a setting removed from main.bicep
// goes), plus SNAT_PUBLIC_URL from the site's own default host name: Slack messages link each target on
// the live page. The site cannot read its own defaultHostName while it is created, and the name alone
// does not give it (unique default host names look like <name>-<hash>.<region>-01.azurewebsites.net):
// https://learn.microsoft.com/azure/app-service/overview-name-resolution#unique-default-hostname
// https://learn.microsoft.com/azure/templates/microsoft.web/sites/config-appsettings
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(appSettings, {
    SNAT_PUBLIC_URL: 'https://${functionApp.properties.defaultHostName}'
  })
}

// Basic (user name and password) publishing credentials off, for FTP and for SCM: deployment goes
// through Entra ID only, as the Flex Consumption quickstart (Azure-Samples/functions-quickstart-typescript-azd) sets it.
// https://learn.microsoft.com/azure/app-service/configure-basic-auth-disable
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = functionApp.name
output resourceId string = functionApp.id
output defaultHostName string = functionApp.properties.defaultHostName
