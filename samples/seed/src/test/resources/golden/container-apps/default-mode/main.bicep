targetScope = 'subscription'

param resourceGroupName string

param location string

param principalId string

@description('Image of \'apiService\', e.g. apiservice:latest pushed to the registry of output env_AZURE_CONTAINER_REGISTRY_ENDPOINT.')
param apiservice_containerimage string

@description('Image of \'webapp\', e.g. webapp:latest pushed to the registry of output env_AZURE_CONTAINER_REGISTRY_ENDPOINT.')
param webapp_containerimage string

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

module apiService_identity 'apiService-identity/apiService-identity.bicep' = {
  name: 'apiService-identity'
  scope: rg
  params: {
    location: location
  }
}

module apiService_roles_signalr 'apiService-roles-signalr/apiService-roles-signalr.bicep' = {
  name: 'apiService-roles-signalr'
  scope: rg
  params: {
    location: location
    signalr_outputs_name: signalr.outputs.name
    principalId: apiService_identity.outputs.principalId
  }
}

module webapp_identity 'webapp-identity/webapp-identity.bicep' = {
  name: 'webapp-identity'
  scope: rg
  params: {
    location: location
  }
}

module webapp_roles_signalr 'webapp-roles-signalr/webapp-roles-signalr.bicep' = {
  name: 'webapp-roles-signalr'
  scope: rg
  params: {
    location: location
    signalr_outputs_name: signalr.outputs.name
    principalId: webapp_identity.outputs.principalId
  }
}

module apiService_containerapp 'apiService-containerapp/apiService-containerapp.bicep' = {
  name: 'apiService-containerapp'
  scope: rg
  params: {
    location: location
    env_outputs_azure_container_apps_environment_default_domain: env.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN
    env_outputs_azure_container_apps_environment_id: env.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_ID
    env_outputs_azure_container_registry_endpoint: env.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT
    env_outputs_azure_container_registry_managed_identity_id: env.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID
    apiservice_containerimage: apiservice_containerimage
    apiservice_identity_outputs_id: apiService_identity.outputs.id
    signalr_outputs_hostname: signalr.outputs.hostName
    apiservice_identity_outputs_clientid: apiService_identity.outputs.clientId
  }
}

module webapp_containerapp 'webapp-containerapp/webapp-containerapp.bicep' = {
  name: 'webapp-containerapp'
  scope: rg
  params: {
    location: location
    env_outputs_azure_container_apps_environment_default_domain: env.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN
    env_outputs_azure_container_apps_environment_id: env.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_ID
    env_outputs_azure_container_registry_endpoint: env.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT
    env_outputs_azure_container_registry_managed_identity_id: env.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID
    webapp_containerimage: webapp_containerimage
    webapp_identity_outputs_id: webapp_identity.outputs.id
    signalr_outputs_hostname: signalr.outputs.hostName
    webapp_identity_outputs_clientid: webapp_identity.outputs.clientId
  }
}

output env_AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = env.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN

output env_AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = env.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_ID

output env_AZURE_CONTAINER_REGISTRY_ENDPOINT string = env.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT

output env_AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID string = env.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID

output apiService_identity_id string = apiService_identity.outputs.id

output signalr_hostName string = signalr.outputs.hostName

output apiService_identity_clientId string = apiService_identity.outputs.clientId

output webapp_identity_id string = webapp_identity.outputs.id

output webapp_identity_clientId string = webapp_identity.outputs.clientId
