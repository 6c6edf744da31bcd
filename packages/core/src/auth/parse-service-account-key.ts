import { createPrivateKey } from 'node:crypto';
import { SwitchboardError } from '../errors.js';

/** The fields of a Google service-account JSON key file that sign-in uses. */
export interface ServiceAccountKey {
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
  projectId?: string;
}

const GUIDE = 'docs/providers/vertex.md#service-account-key-file';

function refuse(problem: string): SwitchboardError {
  // Never quotes the file: it holds a private key.
  return new SwitchboardError('INVALID_INPUT', `That is not a Google service-account key file: ${problem}.`, {
    provider: 'vertex',
    hint: `Download a JSON key (IAM → Service accounts → Keys → Add key → JSON); see ${GUIDE}.`,
  });
}

/**
 * Reads a service-account key file's JSON (the format `gcloud iam service-accounts keys create`
 * and the Cloud console write: `type`, `client_email`, `private_key`, …) and checks what
 * signing needs: the account's email and a PEM private key that Node can load.
 * @throws SwitchboardError `INVALID_INPUT` naming what is wrong, never echoing the file.
 */
export function parseServiceAccountKey(text: string): ServiceAccountKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse('it is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse('it is not a JSON object');
  const fields = value as Record<string, unknown>;
  if (fields['type'] === 'authorized_user')
    throw refuse('it holds gcloud user credentials; use `sb auth login vertex --method adc` for those');
  if (fields['type'] !== 'service_account') throw refuse('its "type" is not "service_account"');
  const clientEmail = fields['client_email'];
  const privateKey = fields['private_key'];
  if (typeof clientEmail !== 'string' || !clientEmail.includes('@')) throw refuse('it has no "client_email"');
  if (typeof privateKey !== 'string' || !privateKey.includes('PRIVATE KEY')) throw refuse('it has no "private_key"');
  try {
    createPrivateKey(privateKey);
  } catch {
    throw refuse('its "private_key" is not a readable PEM key');
  }
  const privateKeyId = fields['private_key_id'];
  const projectId = fields['project_id'];
  return {
    clientEmail,
    privateKey,
    ...(typeof privateKeyId === 'string' && privateKeyId ? { privateKeyId } : {}),
    ...(typeof projectId === 'string' && projectId ? { projectId } : {}),
  };
}
