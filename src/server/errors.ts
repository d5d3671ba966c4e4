// Maps every error to the one shape the API answers with: {"error": {code, message, details}}.
// Never a stack trace: unexpected errors are logged with the request id and answered as 500.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../core/errors.js';
import { mapDatabaseError } from '../db/errors.js';
import { fieldProblems } from './validation.js';

export interface ErrorBody {
  error: { code: string; message: string; details: FieldProblem[] };
}

function fromFastify(error: FastifyError): AppError | null {
  if (error.validation) {
    const part = error.validationContext ?? 'body';
    const details = fieldProblems(error.validation as never).map((d) => ({ ...d, field: part === 'body' ? d.field : `${part}.${d.field}` }));
    return new AppError(400, 'validation_failed', details.map((d) => `${d.field} ${d.message}`).join('; '), details);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'invalid_json', 'the body is not valid JSON', [{ field: '(body)', message: 'not valid JSON' }]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'payload_too_large', 'the body is larger than this endpoint accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'unsupported_media_type', 'send the body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(400, 'invalid_body', 'the body length does not match Content-Length');
  }
  if (error.statusCode === 429) return new AppError(429, 'rate_limited', error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError(error.statusCode, 'bad_request', error.message);
  }
  return null;
}

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  return mapDatabaseError(error) ?? fromFastify(error as FastifyError);
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const known = toAppError(error);
  if (!known) {
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send(body('internal', 'something went wrong; the request id is in the logs', []));
  }
  if (known.status >= 500) request.log.error({ err: error }, known.message);
  else request.log.info({ code: known.code, status: known.status }, known.message);
  return reply.status(known.status).headers(known.headers).send(body(known.code, known.message, known.details));
}

export function body(code: string, message: string, details: ErrorBody['error']['details']): ErrorBody {
  return { error: { code, message, details } };
}
