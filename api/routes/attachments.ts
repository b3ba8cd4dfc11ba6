import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import { actorLabel } from '../../domain/actor';
import { Attachment } from '../../db/entities';
import { actorOf, signedIn } from '../auth/staff';
import { caseInJurisdiction } from '../case-commands';
import { ApiError } from '../errors';
import { cleanFileName, singleFileUpload, uploadedFile } from '../uploads';
import { parseOrThrow } from '../validation';
import { acceptedMediaTypes } from '../../domain/complainant-files';
import { mediaTypeOf } from '../file-content';
import { acceptedLabels } from '../public-uploads';

const maxBytes = 10 * 1024 * 1024;

/**
 * Files staff attach to a case (a field visit's photos and minutes). The type is
 * read from the content, never from the name; a file becomes part of a case when
 * an event names it, and from then on whoever may see the case may download it.
 */
export function attachmentRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();

  router.post('/api/v1/staff/attachments', singleFileUpload('file', maxBytes), async (req, res) => {
    const staff = signedIn(req);
    const file = uploadedFile(req, 'file');
    // The same list as the complainant's: photos, PDF, Word (a visit's minutes) and recordings.
    const mediaType = await mediaTypeOf(file.buffer);
    if (!mediaType || !acceptedMediaTypes.has(mediaType)) {
      throw new ApiError(415, 'file_type_not_accepted', 'errors.fileTypeNotAccepted', acceptedLabels());
    }
    const attachment = Object.assign(new Attachment(), {
      id: randomUUID(),
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      fileName: cleanFileName(file.originalname),
      mediaType,
      size: file.size,
      content: file.buffer,
      uploadedBy: actorLabel(actorOf(staff)),
      uploadedAt: new Date(),
      caseNumber: null,
    });
    await deps.em().persistAndFlush(attachment);
    res.status(201).json({
      id: attachment.id,
      fileName: attachment.fileName,
      mediaType: attachment.mediaType,
      size: attachment.size,
    });
  });

  router.get('/api/v1/staff/attachments/:id', async (req, res) => {
    const staff = signedIn(req);
    const id = parseOrThrow(z.uuid(), req.params.id, req.t);
    const em = deps.em();
    const attachment = await em.findOne(Attachment, { id }, { populate: ['content'] });
    const notFound = new ApiError(404, 'attachment_not_found', 'errors.attachmentNotFound');
    if (!attachment) throw notFound;
    if (attachment.caseNumber) {
      await caseInJurisdiction(em, attachment.caseNumber, staff).catch(() => {
        throw notFound;
      });
    } else if (attachment.uploadedBy !== actorLabel(actorOf(staff))) {
      // Not yet on a case: only the person who uploaded it.
      throw notFound;
    }
    res
      .set('Cache-Control', 'private, no-store')
      .type(attachment.mediaType)
      .attachment(attachment.fileName)
      .send(attachment.content);
  });

  return router;
}
