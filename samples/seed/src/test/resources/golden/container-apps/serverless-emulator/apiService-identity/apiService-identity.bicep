@description('The location for the resource(s) to be deployed.')
param location string = resourceGroup().location

resource apiService_identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: take('apiService_identity-${uniqueString(resourceGroup().id)}', 128)
  location: location
}

output id string = apiService_identity.id

output clientId string = apiService_identity.properties.clientId

output principalId string = apiService_identity.properties.principalId

output principalName string = apiService_identity.name

output name string = apiService_identity.name
