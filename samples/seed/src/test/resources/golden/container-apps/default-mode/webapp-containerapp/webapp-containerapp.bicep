@description('The location for the resource(s) to be deployed.')
param location string = resourceGroup().location

param env_outputs_azure_container_apps_environment_default_domain string

param env_outputs_azure_container_apps_environment_id string

param env_outputs_azure_container_registry_endpoint string

param env_outputs_azure_container_registry_managed_identity_id string

param webapp_containerimage string

param webapp_identity_outputs_id string

param signalr_outputs_hostname string

param webapp_identity_outputs_clientid string

resource webapp 'Microsoft.App/containerApps@2025-01-01' = {
  name: 'webapp'
  location: location
  properties: {
    configuration: {
      activeRevisionsMode: 'Single'
      registries: [
        {
          server: env_outputs_azure_container_registry_endpoint
          identity: env_outputs_azure_container_registry_managed_identity_id
        }
      ]
    }
    environmentId: env_outputs_azure_container_apps_environment_id
    template: {
      containers: [
        {
          image: webapp_containerimage
          name: 'webapp'
          env: [
            {
              name: 'ConnectionStrings__signalr'
              value: 'Endpoint=https://${signalr_outputs_hostname};AuthType=azure'
            }
            {
              name: 'SIGNALR_URI'
              value: 'https://${signalr_outputs_hostname}'
            }
            {
              name: 'AZURE_CLIENT_ID'
              value: webapp_identity_outputs_clientid
            }
            {
              name: 'AZURE_TOKEN_CREDENTIALS'
              value: 'ManagedIdentityCredential'
            }
          ]
        }
      ]
      scale: {
        minReplicas: 1
      }
    }
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${webapp_identity_outputs_id}': { }
      '${env_outputs_azure_container_registry_managed_identity_id}': { }
    }
  }
}
