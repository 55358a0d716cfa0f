// `snat-watch start` (what `npm start` runs): the function app on this machine — the HTTP routes on
// http://localhost:7071/api/... and the timers — playing a simulated incident when no Azure settings
// are given, or watching real Azure when SNAT_TARGETS / SNAT_DISCOVERY_SUBSCRIPTIONS are set. Runs
// until Ctrl-C or SIGTERM, then stops everything it started and exits 0; a startup problem exits 1.
import { startLocalApp } from '../local/local-app.js';
import { createLifetime, StopRequested } from '../local/lifetime.js';
import { scenarioList } from '../local/scenarios.js';
import { parseStartOptions, START_USAGE, StartOptionsError, type StartOptions } from '../local/start-options.js';
import type { TlsMaterial } from '../local/simulated-azure/tls.js';
import { createTerminal } from '../local/terminal.js';
import { inheritedTlsMaterial, relaunchTrustingSimulation, watchParent } from '../local/trusted-relaunch.js';
import { exitCodes, type CliCommand, type CliIo } from './dispatch.js';

/** After a clean stop, whatever a library left open (a keep-alive socket) may not hold the exit up longer. */
const EXIT_GRACE_IN_MS = 2_000;

export const startCommand: CliCommand = {
  usage: '[--port N] [--scenario NAME|list]',
  summary: 'run the function app locally (a simulated incident, or real Azure when SNAT_TARGETS is set)',
  async run(args, io) {
    let options: StartOptions;
    try {
      options = parseStartOptions(args, process.env);
    } catch (error) {
      if (!(error instanceof StartOptionsError)) throw error;
      io.stderr.write(`snat-watch start: ${error.message}\n${error.source === 'flag' ? `\n${START_USAGE}` : ''}`);
      return error.source === 'flag' ? exitCodes.usage : exitCodes.failed;
    }
    if (options.help) {
      io.stdout.write(START_USAGE);
      return exitCodes.ok;
    }
    if (options.listScenarios) {
      io.stdout.write(`Scenarios for snat-watch start --scenario NAME:\n${scenarioList()}\n`);
      return exitCodes.ok;
    }
    let tls: TlsMaterial | undefined;
    if (options.mode === 'simulation') {
      tls = await inheritedTlsMaterial(process.env);
      if (!tls) return relaunchTrustingSimulation(process.env);
    }
    return runLocal(options, io, tls);
  },
};

async function runLocal(options: StartOptions, io: CliIo, tls: TlsMaterial | undefined): Promise<number> {
  const terminal = createTerminal({ stdout: io.stdout, stderr: io.stderr });
  const life = createLifetime();
  watchParent(() => life.requestStop('parent-gone'));
  try {
    await startLocalApp({ options, life, terminal, ...(tls ? { tls } : {}) });
  } catch (error) {
    await life.stopAll();
    if (error instanceof StopRequested) return exitCodes.ok;
    terminal.warn(`snat-watch start: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodes.failed;
  }
  const cause = await life.stopRequested;
  terminal.write(terminal.paint('dim', `\nStopping (${cause === 'SIGINT' ? 'Ctrl-C' : cause})…`));
  const { stopped, failed } = await life.stopAll();
  if (failed.length > 0) terminal.warn(`Did not stop in time: ${failed.join(', ')}; exiting anyway.`);
  terminal.write(terminal.paint('dim', `Stopped ${stopped.join(', ')}.`));
  setTimeout(() => process.exit(), EXIT_GRACE_IN_MS).unref();
  return exitCodes.ok;
}
