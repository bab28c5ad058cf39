import fastifyPlugin from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { cleanText, normaliseInput, type InputShape } from '../http/input-gate.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How the route reads its input beyond the shared rules: which fields are lists. */
    input?: Pick<InputShape, 'lists'>;
  }
}

interface MultipartPart {
  type: 'field' | 'file';
  value?: unknown;
  filename?: unknown;
}

function isMultipartPart(value: unknown): value is MultipartPart {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof value === 'object' && value !== null && (type === 'field' || type === 'file');
}

/**
 * A multipart body holds @fastify/multipart's part objects (a file part carries its stream and
 * `toBuffer`), so they are cleaned where they are rather than copied: a field's value and a
 * file's name get the text rules, and a repeated part is read once like any repeated field.
 */
function normaliseMultipart(body: Record<string, unknown>, lists: ReadonlySet<string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(body)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const parts = (Array.isArray(field) ? field : [field]).filter(isMultipartPart);
    for (const part of parts) {
      if (typeof part.value === 'string') part.value = cleanText(part.value);
      if (typeof part.filename === 'string') part.filename = cleanText(part.filename);
    }
    result[key] = lists.has(key) ? parts : parts[0];
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/**
 * Runs before validation on every route (the first preValidation hook, so CSRF and every handler
 * see the same cleaned input): query, path parameters and body all go through the input gate.
 */
export default fastifyPlugin(
  async (app) => {
    app.addHook('preValidation', async (request: FastifyRequest) => {
      const lists = request.routeOptions.config.input?.lists ?? [];
      request.query = normaliseInput(request.query ?? {}, { lists });
      request.params = normaliseInput(request.params ?? {});
      const body: unknown = request.body;
      if (body === undefined || body === null) return;
      const contentType = request.headers['content-type'] ?? '';
      if (contentType.startsWith('multipart/') && isRecord(body)) {
        request.body = normaliseMultipart(body, new Set(lists));
      } else if (isRecord(body) || Array.isArray(body) || typeof body === 'string') {
        const isJson = contentType.includes('json');
        request.body = normaliseInput(body, { lists, source: isJson ? 'json' : 'form' });
      }
    });
  },
  { name: 'openehcp-input-gate' },
);
