@description('The location for the resource(s) to be deployed.')
param location string = resourceGroup().location

param existingSignalRName string

resource signalr 'Microsoft.SignalRService/signalR@2024-03-01' existing = {
  name: existingSignalRName
}

output hostName string = signalr.properties.hostName

output name string = signalr.name

output id string = signalr.id
