import { readFile } from 'node:fs/promises';
import {
  apiKeyLabel,
  loginCommand,
  SwitchboardError,
  type AuthMethod,
  type LoginOptions,
  type ProviderId,
  type ProviderProfile,
} from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { promptHidden } from '../io/prompt-hidden.js';
import { readAllInput } from '../io/read-input.js';

/** The secret-bearing part of {@link LoginOptions}; never taken from argv. */
export type LoginSecrets = Pick<LoginOptions, 'apiKey' | 'clientId' | 'clientSecret' | 'aws' | 'serviceAccountKey'>;

/**
 * Gathers what `method` needs from the person: from standard input with `--with-api-key`
 * (`fromStdin`), else by a prompt without echo on a terminal. Methods that need nothing
 * (the OAuth flows, `claude-code`, client credentials fully configured) get `{}`.
 * @throws SwitchboardError `INVALID_INPUT` (exit 2) when a secret is needed but there is no way to ask.
 */
export async function readLoginSecrets(
  io: CliIo,
  options: {
    provider: ProviderId;
    profile: ProviderProfile;
    method: AuthMethod;
    fromStdin: boolean;
    clientId?: string;
    /** `--key-file`: a service-account JSON key. */
    keyFile?: string;
  },
): Promise<LoginSecrets> {
  const { provider, profile, method, fromStdin } = options;
  const command = loginCommand(provider);
  switch (method) {
    case 'api-key':
      return {
        apiKey: await readSecret(io, fromStdin, {
          what: withArticle(apiKeyLabel(profile)),
          prompt: `${apiKeyLabel(profile)}${profile.apiKeyUrl ? ` (create one at ${profile.apiKeyUrl})` : ''}: `,
          pipeHint: `${command} --with-api-key < key.txt`,
        }),
      };
    case 'client-credentials': {
      const clientId = options.clientId ?? profile.oauth?.clientId;
      if (profile.oauth?.clientSecret && !fromStdin) return options.clientId ? { clientId } : {};
      if (!clientId) {
        throw new SwitchboardError('INVALID_INPUT', `${profile.name} client credentials need a client id.`, {
          hint: `Pass --client-id <id>, or set client_id under [providers.${provider}.oauth] in config.toml.`,
        });
      }
      const clientSecret = await readSecret(io, fromStdin, {
        what: 'a client secret',
        prompt: `${profile.name} client secret for ${clientId}: `,
        pipeHint: `${command} --method client-credentials --client-id ${clientId} --with-api-key < secret.txt`,
      });
      return { clientId, clientSecret };
    }
    case 'service-account': {
      if (fromStdin) return { serviceAccountKey: await readAllInput(io.stdin, 'a service-account key file') };
      if (!options.keyFile) {
        throw new SwitchboardError(
          'INVALID_INPUT',
          `${profile.name} service-account sign-in needs the JSON key file.`,
          {
            hint: `Run \`${command} --method service-account --key-file key.json\` (see docs/providers/vertex.md).`,
          },
        );
      }
      return { serviceAccountKey: await readKeyFile(options.keyFile) };
    }
    case 'aws':
      // Without --with-api-key the AWS SDK's credential chain serves (profiles, SSO, roles).
      return fromStdin ? { aws: parseAwsCredentials(await readAllInput(io.stdin, 'AWS credentials')) } : {};
    default:
      return {};
  }
}

/**
 * The text of a service-account key file the person named (`--key-file`, `/login`).
 * @throws SwitchboardError `INVALID_INPUT` naming the path and why it cannot be read.
 */
export async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SwitchboardError('INVALID_INPUT', `Cannot read the key file ${path} (${code}).`, {
      hint: 'Give the path of the JSON key you downloaded for the service account.',
    });
  }
}

async function readSecret(
  io: CliIo,
  fromStdin: boolean,
  options: { what: string; prompt: string; pipeHint: string },
): Promise<string> {
  if (fromStdin) return readAllInput(io.stdin, options.what);
  if (!io.stdin.isTTY) {
    throw new SwitchboardError(
      'INVALID_INPUT',
      `Reading ${options.what} needs a terminal, and standard input is not one.`,
      {
        hint: `Pipe it with \`${options.pipeHint}\`.`,
      },
    );
  }
  const value = await promptHidden(options.prompt, io.stdin, io.stderr);
  if (value === '') throw new SwitchboardError('INVALID_INPUT', `No ${options.what} entered.`);
  return value;
}

/** `ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]`, the format the core's error messages ask for. */
function parseAwsCredentials(text: string): NonNullable<LoginOptions['aws']> {
  const [accessKeyId, secretAccessKey, ...rest] = text.split(':');
  const sessionToken = rest.join(':');
  if (!accessKeyId || !secretAccessKey) {
    throw new SwitchboardError(
      'INVALID_INPUT',
      'AWS credentials on standard input must read ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN].',
    );
  }
  return {
    accessKeyId: accessKeyId.trim(),
    secretAccessKey: secretAccessKey.trim(),
    ...(sessionToken ? { sessionToken: sessionToken.trim() } : {}),
  };
}

/** `label` with its indefinite article: "an OpenAI API key", "a Mistral API key". */
function withArticle(label: string): string {
  return `${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label}`;
}
