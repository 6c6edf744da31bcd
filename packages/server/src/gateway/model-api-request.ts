import type { ChatRequest, GenerateResult, JsonBody, WireFormat } from '@switchboard/core';
import type { GatewayDependencies } from './gateway-dependencies.js';
import type { GatewayRequestState } from './gateway-types.js';
import { routeModelRequest, type ApiRequest } from './run-model-request.js';
import type { StreamEncoder } from './stream-encoder.js';

/**
 * What every API's request is built from: its body, the model it names (the routing fields
 * checked and noted on `state` as it is made) and the gateway it came through. Each API's
 * request is one object of a subclass: a request on the hot path makes no closures.
 */
export abstract class ModelApiRequest implements ApiRequest {
  abstract readonly wire: WireFormat;
  /** The catalog id of the model the request names. */
  readonly model: string;
  /** The model as the caller named it (answers echo it). */
  protected readonly askedModel: string;

  constructor(
    protected readonly dependencies: GatewayDependencies,
    protected readonly state: GatewayRequestState,
    readonly body: JsonBody,
  ) {
    const { routing, model } = routeModelRequest(dependencies, state, body);
    this.askedModel = routing.model;
    this.model = model.id;
  }

  abstract neutral(): ChatRequest;
  abstract createEncoder(): StreamEncoder;
  abstract resultBody(result: GenerateResult): unknown;
}
