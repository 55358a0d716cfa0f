// The function app's entry point (package.json "main"): registers every function with the Azure
// Functions host. This is the only place that calls app.http / app.timer / app.storageQueue.
import { app } from '@azure/functions';
import { registrations } from './functions/registrations.js';

for (const registration of registrations) {
  if (registration.kind === 'http') app.http(registration.name, registration.options);
  else if (registration.kind === 'queue') app.storageQueue(registration.name, registration.options);
  else app.timer(registration.name, registration.options);
}
