@description('The location for the resource(s) to be deployed.')
param location string = resourceGroup().location

resource chat_identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: take('chat_identity-${uniqueString(resourceGroup().id)}', 128)
  location: location
}

output id string = chat_identity.id

output clientId string = chat_identity.properties.clientId

output principalId string = chat_identity.properties.principalId

output principalName string = chat_identity.name

output name string = chat_identity.name
