import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { ApiError } from './errors';

/**
 * One uploaded file per request, held in memory up to `maxBytes`. Multer's own
 * errors become answers a person can act on (too large, wrong field, several files).
 */
export function singleFileUpload(field: string, maxBytes: number): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    // Text fields are held to the JSON body limit, so a form cannot carry more text than JSON.
    limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 100_000 },
    // Browsers send UTF-8 file names; multer would read them as latin1 (乱码).
    defParamCharset: 'utf8',
  }).single(field);
  return (req, res, next) => {
    upload(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') {
          return next(
            new ApiError(413, 'file_too_large', 'errors.fileTooLarge', {
              limit: `${Math.round(maxBytes / 1024 / 1024)} MB`,
            }),
          );
        }
        if (error.code === 'LIMIT_FIELD_VALUE') {
          return next(new ApiError(413, 'body_too_large', 'errors.bodyTooLarge', { limit: '100 KB' }));
        }
        return next(new ApiError(422, 'upload_invalid', 'errors.uploadInvalid', { field }));
      }
      next(malformedUpload(error));
    });
  };
}

/**
 * Any other error while reading a multipart body comes from the parser: the body was
 * cut off, has no or the wrong boundary, or a part header it cannot read. The client's fault, never a 500.
 */
export const malformedUpload = (error: unknown) =>
  new ApiError(400, 'upload_malformed', 'errors.uploadMalformed', {}, undefined, error);

/** The uploaded file, or a 422 naming the field it should have come in. */
export function uploadedFile(req: Request, field: string): Express.Multer.File {
  if (!req.file) throw new ApiError(422, 'file_missing', 'errors.fileMissing', { field });
  return req.file;
}

/** A file name fit to keep and show: no folders, no control characters, not endless. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '');
  return (base || 'file').slice(0, 200);
}
