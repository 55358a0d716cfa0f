// Fan-out (src/fanout/, docs/reliability.md "Fan-out on queues"): the batch queue the snatWatch timer
// fills and snatWatchBatch drains, and its poison queue, where the Functions host moves a message after
// maxDequeueCount failed attempts ("<queue>-poison"). Both are created here, so the app never needs
// the right to create queues elsewhere in the account.
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
//
// The identity's one queue role, scoped to each of the two queues (never the account): Storage Queue
// Data Contributor. Narrower built-ins do not cover what the host does with a failed message: Message
// Processor (peek, receive, delete) and Message Sender (add) lack Update Message, which the host uses
// to make a failed message visible again after visibilityTimeout (host.json).
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage
// https://learn.microsoft.com/azure/storage/queues/assign-azure-role-data-access

param storageAccountName string

@description('Principal (object) ID of the user-assigned identity.')
param principalId string

@description('The batch queue (SNAT_FANOUT_QUEUE): 3–56 lowercase letters, digits and single hyphens.')
@minLength(3)
@maxLength(56)
param queueName string = 'snat-watch-batches'

var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storageAccount
  name: 'default'
}

resource batchQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: queueName
}

resource poisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: '${queueName}-poison'
}

// The timer sends batches and counts what is left; the trigger receives, updates and deletes them.
resource batchQueueData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(batchQueue.id, principalId, storageQueueDataContributor)
  scope: batchQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// The host adds poisoned messages; the next planning run receives, reports and deletes them.
resource poisonQueueData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(poisonQueue.id, principalId, storageQueueDataContributor)
  scope: poisonQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output queueName string = batchQueue.name
output poisonQueueName string = poisonQueue.name
