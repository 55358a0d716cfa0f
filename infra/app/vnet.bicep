// Private-network mode (vnetEnabled): a VNet with one subnet for the app's VNet integration (delegated
// to Microsoft.App/environments, the delegation Flex Consumption needs) and one for private endpoints.
// Address ranges as in the Flex Consumption quickstart (Azure-Samples/functions-quickstart-typescript-azd).
// https://learn.microsoft.com/azure/azure-functions/flex-consumption-how-to#enable-virtual-network-integration

param name string

param location string = resourceGroup().location

param tags object = {}

var appSubnetName = 'app'
var privateEndpointSubnetName = 'private-endpoints'

resource virtualNetwork 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.0.0.0/16'
      ]
    }
    subnets: [
      {
        name: privateEndpointSubnetName
        properties: {
          addressPrefix: '10.0.1.0/28'
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
      {
        name: appSubnetName
        properties: {
          addressPrefix: '10.0.2.0/26'
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: appSubnetName
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: privateEndpointSubnetName
  }
}

output id string = virtualNetwork.id
output appSubnetId string = virtualNetwork::appSubnet.id
output privateEndpointSubnetId string = virtualNetwork::privateEndpointSubnet.id
