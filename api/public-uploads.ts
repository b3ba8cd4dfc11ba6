import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import multer from 'multer';
import { Attachment } from '../db/entities';
import { acceptedMediaTypes, labelsOf } from '../domain/complainant-files';
import { ApiError, toApiError } from './errors';
import { mediaTypeOf } from './file-content';
import { cleanFileName, malformedUpload } from './uploads';

export const maxComplainantFiles = 5;
export const maxComplainantFileBytes = 10 * 1024 * 1024;
const limitText = `${maxComplainantFileBytes / 1024 / 1024} MB`;

export interface AttachmentSummary {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
}

/** A file whose content has been checked, ready to be stored. */
export interface CheckedFile {
  fileName: string;
  mediaType: string;
  content: Buffer;
  sha256: string;
}

/**
 * Reads a multipart request's files (field `field`, at most five, 10 MB each)
 * and its text fields into `req.files` / `req.body`. Anything not multipart is
 * left alone. Multer's errors become messages a person can act on.
 */
export async function readComplainantFiles(
  req: Request,
  res: Response,
  field: string,
): Promise<Express.Multer.File[]> {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxComplainantFileBytes, files: maxComplainantFiles, fields: 30, fieldSize: 100_000 },
    // Browsers send UTF-8 file names; multer would read them as latin1 (乱码).
    defParamCharset: 'utf8',
  }).array(field, maxComplainantFiles);
  await new Promise<void>((resolve, reject) => {
    upload(req, res, (error: unknown) => {
      if (!error) return resolve();
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') {
          return reject(
            new ApiError(413, 'file_too_large', 'intake.attachmentTooLarge', { limit: limitText }),
          );
        }
        if (
          error.code === 'LIMIT_FILE_COUNT' ||
          (error.code === 'LIMIT_UNEXPECTED_FILE' && error.field === field)
        ) {
          return reject(
            new ApiError(422, 'too_many_files', 'intake.tooManyAttachments', { max: maxComplainantFiles }),
          );
        }
        if (error.code === 'LIMIT_FIELD_VALUE') {
          return reject(new ApiError(413, 'body_too_large', 'errors.bodyTooLarge', { limit: '100 KB' }));
        }
        return reject(new ApiError(422, 'upload_invalid', 'errors.uploadInvalid', { field }));
      }
      reject(malformedUpload(error));
    });
  });
  // A file input left empty still sends an empty part.
  const files = Array.isArray(req.files) ? req.files : [];
  return files.filter((file) => file.size > 0 && file.originalname !== '');
}

/** The formats a refusal names, by kind, from the one list of accepted files. */
export const acceptedLabels = () => ({
  photos: labelsOf('photo'),
  documents: labelsOf('word'),
  recordings: labelsOf('recording'),
});

/** Checks every file's type by its content; a refused file is named, with the types that are accepted. */
export async function checkComplainantFiles(files: Express.Multer.File[]): Promise<CheckedFile[]> {
  const checked: CheckedFile[] = [];
  for (const file of files) {
    const fileName = cleanFileName(file.originalname);
    const mediaType = await mediaTypeOf(file.buffer);
    if (!mediaType || !acceptedMediaTypes.has(mediaType)) {
      throw new ApiError(422, 'file_type_not_accepted', 'intake.attachmentTypeNotAccepted', {
        fileName,
        ...acceptedLabels(),
      });
    }
    checked.push({
      fileName,
      mediaType,
      content: file.buffer,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
    });
  }
  return checked;
}

/**
 * The id of a file sent with a form submission: the same submission key, place
 * and content give the same id, so a form sent twice stores each file once and
 * the petition (whose content hash covers the ids) stays the same.
 */
export function submissionAttachmentId(submissionKey: string, index: number, sha256: string): string {
  const hex = createHash('sha256').update(`${submissionKey}/${index}/${sha256}`).digest('hex');
  // Shaped as a version-8 (custom) RFC 9562 UUID.
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

type IdFor = (file: CheckedFile, index: number) => string;

/** Stores checked files as the complainant's, held by no case until the petition is registered. */
export async function storeComplainantFiles(
  em: EntityManager,
  files: CheckedFile[],
  idFor: IdFor = () => randomUUID(),
): Promise<AttachmentSummary[]> {
  return (await insertComplainantFiles(em, files, idFor)).stored;
}

/**
 * Stores the files and runs `use` with them; when `use` refuses (a 4xx), removes the files
 * this call stored, so a refused form leaves nothing behind. Files that were there before
 * (the same form sent again) stay, and so does everything after an unexpected failure,
 * which may have gone through.
 */
export async function withStoredComplainantFiles<T>(
  em: EntityManager,
  files: CheckedFile[],
  use: (stored: AttachmentSummary[]) => Promise<T>,
  idFor: IdFor = () => randomUUID(),
): Promise<T> {
  const { stored, inserted } = await insertComplainantFiles(em, files, idFor);
  try {
    return await use(stored);
  } catch (error) {
    const status = toApiError(error)?.status ?? 500;
    if (status < 500 && inserted.length > 0) {
      await em
        .getConnection()
        .execute(`delete from attachment where id = any(?::uuid[]) and case_number is null`, [
          `{${inserted.join(',')}}`,
        ]);
    }
    throw error;
  }
}

async function insertComplainantFiles(em: EntityManager, files: CheckedFile[], idFor: IdFor) {
  const stored: AttachmentSummary[] = [];
  const inserted: string[] = [];
  const uploadedAt = new Date();
  for (const [index, file] of files.entries()) {
    const id = idFor(file, index);
    const rows = await em.getConnection().execute<{ id: string }[]>(
      `insert into attachment (id, sha256, file_name, media_type, size, content, uploaded_by, uploaded_at, case_number)
       values (?, ?, ?, ?, ?, ?, 'complainant', ?, null) on conflict (id) do nothing returning id`,
      [id, file.sha256, file.fileName, file.mediaType, file.content.length, file.content, uploadedAt],
    );
    if (rows.length > 0) inserted.push(id);
    stored.push({ id, fileName: file.fileName, mediaType: file.mediaType, size: file.content.length });
  }
  return { stored, inserted };
}

/** Ids of files the complainant may attach to a new petition: their own uploads, on no case yet. */
export async function unclaimedComplainantFiles(em: EntityManager, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await em.find(
    Attachment,
    { id: { $in: ids }, uploadedBy: 'complainant', caseNumber: null },
    { fields: ['id'] },
  );
  return new Set(rows.map((row) => row.id));
}
