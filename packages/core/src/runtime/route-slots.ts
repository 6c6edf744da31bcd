import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Takes one of a route's numbered slots, or says there is none left. */
export interface RouteSlots {
  /** A slot of `route` among `limit`, released by the returned function (idempotent); undefined when all are taken. */
  acquire(route: string, limit: number): (() => void) | undefined;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A counting semaphore shared by every process of a home: slot `i` of a route is the file
 * `<directory>/<route>/slot-i`, created with O_EXCL and holding its owner's pid. A slot whose
 * owner died (a killed `sb run`) is taken back. So a concurrency cap holds however many
 * gateways and agents run at once.
 */
export function createRouteSlots(options: { directory: string; pid?: number }): RouteSlots {
  const pid = options.pid ?? process.pid;
  return {
    acquire(route, limit) {
      const directory = join(options.directory, route.replace(/[^a-z0-9_.-]/gi, '_'));
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      for (let index = 0; index < limit; index += 1) {
        const path = join(directory, `slot-${index}`);
        for (let attempt = 0; attempt < 2; attempt += 1) {
          try {
            const descriptor = openSync(path, 'wx', 0o600);
            writeSync(descriptor, String(pid));
            closeSync(descriptor);
            let released = false;
            return () => {
              if (released) return;
              released = true;
              try {
                unlinkSync(path);
              } catch {
                // Already taken back (its owner looked dead to another process): nothing to free.
              }
            };
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            let owner = Number.NaN;
            try {
              owner = Number(readFileSync(path, 'utf8'));
            } catch {
              // Freed meanwhile: try it again.
            }
            if (isAlive(owner)) break;
            try {
              unlinkSync(path);
            } catch {
              // Someone else took it back first.
            }
          }
        }
      }
      return undefined;
    },
  };
}
