import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '@kefu/protocol';

/** What Node's HTTP server reports on a request it could not take, and how the hub answers it. */
const ANSWERS: Record<string, { status: string; code: ErrorCode; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: '408 Request Timeout',
    code: 'idle_timeout',
    message: 'the request did not arrive in full in time (limits.requestTimeoutMs)',
  },
  HPE_HEADER_OVERFLOW: {
    status: '431 Request Header Fields Too Large',
    code: 'frame_too_large',
    message: 'the request headers are too large',
  },
};
const MALFORMED = {
  status: '400 Bad Request',
  code: 'invalid_frame' as const,
  message: 'malformed HTTP request',
};

/**
 * The hub server's `clientError` listener: what Node would answer (400, 408, 431), as the API's
 * typed JSON, so a client (the widget's photo upload) reads the code; then the socket is closed.
 * Nothing is written when an answer is already under way on the socket or it cannot be written.
 * @example
 * server.on('clientError', answerClientError);
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // Node's own default checks the same: an answer already started must not be corrupted.
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    const answer = ANSWERS[error.code ?? ''] ?? MALFORMED;
    const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
    socket.write(
      `HTTP/1.1 ${answer.status}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
