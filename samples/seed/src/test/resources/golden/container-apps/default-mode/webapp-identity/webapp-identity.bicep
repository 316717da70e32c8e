@description('The location for the resource(s) to be deployed.')
param location string = resourceGroup().location

resource webapp_identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: take('webapp_identity-${uniqueString(resourceGroup().id)}', 128)
  location: location
}

output id string = webapp_identity.id

output clientId string = webapp_identity.properties.clientId

output principalId string = webapp_identity.properties.principalId

output principalName string = webapp_identity.name

output name string = webapp_identity.name
