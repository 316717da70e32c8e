targetScope = 'subscription'

param resourceGroupName string

param location string

param principalId string

@description('Image of \'chat\', e.g. chat:latest pushed to the registry of output env_AZURE_CONTAINER_REGISTRY_ENDPOINT.')
param chat_containerimage string

resource rg 'Microsoft.Resources/resourceGroups@2023-07-01' = {
  name: resourceGroupName
  location: location
}

module env_acr 'env-acr/env-acr.bicep' = {
  name: 'env-acr'
  scope: rg
  params: {
    location: location
  }
}

module env 'env/env.bicep' = {
  name: 'env'
  scope: rg
  params: {
    location: location
    env_acr_outputs_name: env_acr.outputs.name
    userPrincipalId: principalId
  }
}

module signalr 'signalr/signalr.bicep' = {
  name: 'signalr'
  scope: rg
  params: {
    location: location
  }
}

module chat_identity 'chat-identity/chat-identity.bicep' = {
  name: 'chat-identity'
  scope: rg
  params: {
    location: location
  }
}

module chat_roles_signalr 'chat-roles-signalr/chat-roles-signalr.bicep' = {
  name: 'chat-roles-signalr'
  scope: rg
  params: {
    location: location
    signalr_outputs_name: signalr.outputs.name
    principalId: chat_identity.outputs.principalId
  }
}

module chat_containerapp 'chat-containerapp/chat-containerapp.bicep' = {
  name: 'chat-containerapp'
  scope: rg
  params: {
    location: location
    env_outputs_azure_container_apps_environment_default_domain: env.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN
    env_outputs_azure_container_apps_environment_id: env.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_ID
    env_outputs_azure_container_registry_endpoint: env.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT
    env_outputs_azure_container_registry_managed_identity_id: env.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID
    chat_containerimage: chat_containerimage
    chat_identity_outputs_id: chat_identity.outputs.id
    signalr_outputs_hostname: signalr.outputs.hostName
    chat_identity_outputs_clientid: chat_identity.outputs.clientId
  }
}

output env_AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = env.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN

output env_AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = env.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_ID

output env_AZURE_CONTAINER_REGISTRY_ENDPOINT string = env.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT

output env_AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID string = env.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID

output chat_identity_id string = chat_identity.outputs.id

output signalr_hostName string = signalr.outputs.hostName

output chat_identity_clientId string = chat_identity.outputs.clientId
