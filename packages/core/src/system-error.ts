import { SwitchboardError } from './errors.js';

/** The fields Node sets on a failed system call (fs, net). */
interface SystemErrorFields {
  code?: unknown;
  syscall?: unknown;
  path?: unknown;
  port?: unknown;
  address?: unknown;
}

const HOME_HINT = 'or point SWITCHBOARD_HOME at a directory you can write';

function describePlace(fields: SystemErrorFields): string {
  return typeof fields.path === 'string' ? fields.path : 'a Switchboard file';
}

function onPath(fields: SystemErrorFields): string {
  return typeof fields.path === 'string' ? ` (writing ${fields.path})` : '';
}

function fromFields(fields: SystemErrorFields, cause: unknown): SwitchboardError | undefined {
  const place = describePlace(fields);
  switch (fields.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new SwitchboardError('DISK_FULL', `No space left on the disk${onPath(fields)}.`, {
        hint: `Free some disk space, ${HOME_HINT}.`,
        cause,
      });
    case 'EROFS':
      return new SwitchboardError('READ_ONLY_FILESYSTEM', `Cannot write ${place}: the file system is read-only.`, {
        hint: `Remount it writable, ${HOME_HINT}.`,
        cause,
      });
    case 'ELOOP':
      return new SwitchboardError(
        'FILE_ACCESS_DENIED',
        `${place} is a symbolic link, which Switchboard does not follow there.`,
        {
          hint: 'Replace the link with a regular file (or remove it).',
          cause,
        },
      );
    case 'EADDRINUSE': {
      const port = typeof fields.port === 'number' ? ` ${fields.port}` : '';
      return new SwitchboardError('PORT_IN_USE', `Port${port} is already in use on this machine.`, {
        hint: 'Stop the program using it (another `sb serve`?) or pick another with --port.',
        cause,
      });
    }
    case 'EACCES':
    case 'EPERM':
      if (fields.syscall === 'listen' || fields.syscall === 'bind') {
        const port = typeof fields.port === 'number' ? ` ${fields.port}` : '';
        return new SwitchboardError('PORT_IN_USE', `Not allowed to listen on port${port}.`, {
          hint: 'Ports below 1024 need privileges: pick another with --port.',
          cause,
        });
      }
      return new SwitchboardError('FILE_ACCESS_DENIED', `Permission denied on ${place}.`, {
        hint: `Check its owner and mode (ls -l), ${HOME_HINT}.`,
        cause,
      });
    default:
      return undefined;
  }
}

/**
 * Maps the system failures a person must fix on their machine — a full disk, a read-only or
 * foreign-owned home, a port in use — to a {@link SwitchboardError} with one clear message and
 * a stable code, looking through `cause` chains (libraries wrap them). Anything else: undefined.
 */
export function fromSystemError(error: unknown): SwitchboardError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const mapped = fromFields(current as SystemErrorFields, error);
    if (mapped) return mapped;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
