import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { jsonReply, type HttpReply } from './dialect.js';

/** What the Bedrock rules see of one request. */
export interface BedrockRequest {
  method: string;
  /** The path exactly as received (still percent-encoded). */
  rawPath: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string;
  requestId: string;
  model: string;
}

/** How the fake stands in for the regional Bedrock hosts. */
export interface BedrockRealm {
  /** Region of the host the fake plays when the client addressed it directly (default us-east-1). */
  region: string;
  /** Secret access key per access key id: when known, the SigV4 signature is recomputed and checked. */
  secrets: Readonly<Record<string, string>>;
}

const HOST_PATTERN = /^bedrock-runtime\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/**
 * The host the client addressed: a test's host-mapping fetch sends requests for
 * `bedrock-runtime.{region}.amazonaws.com` to the fake and names the original host in
 * `x-forwarded-host`; a client pointed at the fake itself addressed the fake's own host.
 */
function addressedHost(headers: Record<string, string>): string {
  return headers['x-forwarded-host'] ?? headers['host'] ?? '';
}

function hostRegion(headers: Record<string, string>, realm: BedrockRealm): string {
  return HOST_PATTERN.exec(addressedHost(headers))?.[1] ?? realm.region;
}

function awsError(status: number, type: string, message: string, requestId: string): HttpReply {
  return jsonReply(
    status,
    { message },
    {
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.coral.service/`,
    },
  );
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  const match =
    /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/.exec(
      value ?? '',
    );
  if (!match) return undefined;
  const [, accessKeyId = '', date = '', region = '', service = '', signedHeaders = '', signature = ''] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** `20261203T104500Z` → Date. */
function amzDate(value: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(Date.UTC(y!, mo! - 1, d, h, mi, s));
}

/** Recomputes the signature with AWS's own signer over exactly the headers the client signed. */
async function expectedSignature(request: BedrockRequest, auth: ParsedAuthorization, secret: string, date: Date) {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: auth.accessKeyId,
      secretAccessKey: secret,
      ...(request.headers['x-amz-security-token'] ? { sessionToken: request.headers['x-amz-security-token'] } : {}),
    },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = name === 'host' ? addressedHost(request.headers) : request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const [hostname = '', port] = addressedHost(request.headers).split(':');
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'https:',
      hostname,
      ...(port ? { port: Number(port) } : {}),
      path: request.rawPath,
      query: request.query,
      headers,
      body: request.rawBody,
    },
    { signingDate: date },
  );
  return parseAuthorization(signed.headers['authorization'])?.signature;
}

/**
 * SigV4 as Bedrock checks it (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html):
 * the credential scope must name the region of the host the request went to and the `bedrock`
 * service — a request for bedrock-runtime.eu-west-1 signed for us-east-1 is refused with 403
 * InvalidSignatureException — and the signature, recomputed with the secret key, must match.
 * A Bedrock API key (`Authorization: Bearer`) is not signed.
 */
export async function bedrockSignatureFailure(
  request: BedrockRequest,
  realm: BedrockRealm,
): Promise<HttpReply | undefined> {
  const authorization = request.headers['authorization'];
  if (authorization?.startsWith('Bearer ')) return undefined;
  const auth = parseAuthorization(authorization);
  if (!auth) return undefined; // the credential check already refused a missing token
  const region = hostRegion(request.headers, realm);
  if (auth.region !== region) {
    return awsError(
      403,
      'InvalidSignatureException',
      // Bedrock's own wording for a request signed for another region than its host's
      // (earendil-works/pi#3487: a us-east-1 host hard-coded while signing for eu-central-1).
      'Credential should be scoped to a valid region.',
      request.requestId,
    );
  }
  if (auth.service !== 'bedrock') {
    return awsError(
      403,
      'InvalidSignatureException',
      `Credential should be scoped to correct service: 'bedrock'.`,
      request.requestId,
    );
  }
  // Temporary credentials (access key ids beginning ASIA: SSO, assumed roles, instance roles)
  // are valid only with their session token; without it AWS answers UnrecognizedClientException
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html).
  if (auth.accessKeyId.startsWith('ASIA') && !request.headers['x-amz-security-token']) {
    return awsError(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      request.requestId,
    );
  }
  const secret = realm.secrets[auth.accessKeyId];
  const date = amzDate(request.headers['x-amz-date']);
  if (secret === undefined) return undefined;
  if (!date || (await expectedSignature(request, auth, secret, date)) !== auth.signature) {
    return awsError(
      403,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      request.requestId,
    );
  }
  return undefined;
}

const PROFILE_PREFIX = /^(us|us-gov|eu|apac|jp|au|global)\.(.+)$/;

// Claude 3.7 and every Claude 4+ model are served on demand only through inference profiles
// (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html).
const PROFILE_ONLY = /^anthropic\.claude-(?:3-7-|(?:opus|sonnet|haiku|fable)-(?:[4-9]|\d\d))/;

/** The geographies whose profiles a source region may call (same page, "Source Region"). */
function geographiesOf(region: string): string[] {
  if (region.startsWith('us-gov-')) return ['us-gov', 'global'];
  if (region.startsWith('us-') || region.startsWith('ca-')) return ['us', 'global'];
  if (region.startsWith('eu-')) return ['eu', 'global'];
  if (region.startsWith('ap-northeast-1') || region.startsWith('ap-northeast-3')) return ['apac', 'jp', 'global'];
  if (region.startsWith('ap-southeast-2') || region.startsWith('ap-southeast-4')) return ['apac', 'au', 'global'];
  if (region.startsWith('ap-')) return ['apac', 'global'];
  return ['global'];
}

/**
 * Model ids Bedrock refuses: a base id of a model that is only served through an inference
 * profile (400 ValidationException "…with on-demand throughput isn't supported…"), and a
 * profile of a geography the host's region does not belong to (400 "The provided model
 * identifier is invalid.").
 */
export function bedrockModelFailure(
  request: Pick<BedrockRequest, 'headers' | 'model' | 'requestId'>,
  realm: BedrockRealm,
): HttpReply | undefined {
  const region = hostRegion(request.headers, realm);
  const profiled = PROFILE_PREFIX.exec(request.model);
  if (profiled) {
    if (!geographiesOf(region).includes(profiled[1] ?? ''))
      return awsError(400, 'ValidationException', 'The provided model identifier is invalid.', request.requestId);
    return undefined;
  }
  if (PROFILE_ONLY.test(request.model)) {
    return awsError(
      400,
      'ValidationException',
      `Invocation of model ID ${request.model} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
      request.requestId,
    );
  }
  return undefined;
}
