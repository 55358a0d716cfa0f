// The registrations the local host serves: the app's own list (src/functions/registrations.ts),
// handlers unchanged, with the terminal told around each timer run so it can show what the run saw.
// Watching real Azure, the watch also runs once at start instead of waiting for its first minute.
import type { InvocationContext, Timer } from '@azure/functions';
import type { Registration } from '../functions/registrations.js';
import type { Runtime } from '../runtime.js';
import type { Narrator } from './narrator.js';

export interface LocalRegistrationsOptions {
  runtime: Runtime;
  narrator: Pick<Narrator, 'timerStarting' | 'timerRan' | 'functionLog'>;
  runWatchOnStartup: boolean;
}

export function localRegistrations(list: readonly Registration[], options: LocalRegistrationsOptions): Registration[] {
  return list.map((registration): Registration => {
    if (registration.kind !== 'timer') return registration;
    const { name, options: trigger } = registration;
    return {
      ...registration,
      options: {
        ...trigger,
        ...(name === 'snatWatch' && options.runWatchOnStartup ? { runOnStartup: true } : {}),
        handler: async (timer: Timer, context: InvocationContext) => {
          options.narrator.timerStarting(name, options.runtime);
          try {
            await trigger.handler(timer, context);
          } finally {
            await options.narrator.timerRan(name, options.runtime).catch((error: unknown) => {
              options.narrator.functionLog(name, 'warning', `could not show the run: ${error instanceof Error ? error.message : String(error)}`);
            });
          }
        },
      },
    };
  });
}
