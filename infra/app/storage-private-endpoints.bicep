// Private-network mode: the storage account reached only through private endpoints in the VNet, one per
// service the app uses — blob (host keys, timer locks, the deployment package), table (our state) and
// queue (the fan-out's batches) — each with its privatelink DNS zone linked to the VNet, so the usual
// host names resolve to them. No file endpoint: Flex Consumption uses no file share.
// https://learn.microsoft.com/azure/storage/common/storage-private-endpoints

param storageAccountName string

param virtualNetworkId string

param subnetId string

param location string = resourceGroup().location

param tags object = {}

var services = [
  'blob'
  'table'
  'queue'
]

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource zones 'Microsoft.Network/privateDnsZones@2020-06-01' = [
  for service in services: {
    name: 'privatelink.${service}.${environment().suffixes.storage}'
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [
  for (service, i) in services: {
    parent: zones[i]
    name: 'link-${service}'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: virtualNetworkId
      }
    }
  }
]

resource endpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for service in services: {
    name: 'pe-${storageAccountName}-${service}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: subnetId
      }
      privateLinkServiceConnections: [
        {
          name: service
          properties: {
            privateLinkServiceId: storageAccount.id
            groupIds: [
              service
            ]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (service, i) in services: {
    parent: endpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: service
          properties: {
            privateDnsZoneId: zones[i].id
          }
        }
      ]
    }
  }
]
