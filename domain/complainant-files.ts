/**
 * The one list of files a complainant may attach (and staff attach to a case): the content
 * check, the refusal that names what is accepted and the forms' `accept` attribute all read it.
 * The type is always read from the content, never from the name.
 */
export type FileKind = 'photo' | 'pdf' | 'word' | 'recording';

interface AcceptedFileType {
  mediaType: string;
  kind: FileKind;
  /** What a person knows the format by, in the refusal's list. */
  label: string;
  /** Name endings a file picker offers for it. */
  extensions: string[];
}

export const wordDocxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const wordDocType = 'application/msword';

export const acceptedFileTypes: readonly AcceptedFileType[] = [
  { mediaType: 'image/jpeg', kind: 'photo', label: 'JPG', extensions: ['.jpg', '.jpeg'] },
  { mediaType: 'image/png', kind: 'photo', label: 'PNG', extensions: ['.png'] },
  { mediaType: 'image/webp', kind: 'photo', label: 'WebP', extensions: ['.webp'] },
  { mediaType: 'image/heic', kind: 'photo', label: 'HEIC', extensions: ['.heic'] },
  { mediaType: 'image/heif', kind: 'photo', label: 'HEIC', extensions: ['.heif'] },
  { mediaType: 'application/pdf', kind: 'pdf', label: 'PDF', extensions: ['.pdf'] },
  { mediaType: wordDocxType, kind: 'word', label: 'DOCX', extensions: ['.docx'] },
  { mediaType: wordDocType, kind: 'word', label: 'DOC', extensions: ['.doc'] },
  { mediaType: 'audio/mpeg', kind: 'recording', label: 'MP3', extensions: ['.mp3'] },
  { mediaType: 'audio/mp4', kind: 'recording', label: 'M4A', extensions: ['.m4a'] },
  { mediaType: 'audio/x-m4a', kind: 'recording', label: 'M4A', extensions: [] },
  { mediaType: 'audio/wav', kind: 'recording', label: 'WAV', extensions: ['.wav'] },
  { mediaType: 'audio/x-wav', kind: 'recording', label: 'WAV', extensions: [] },
  { mediaType: 'audio/vnd.wave', kind: 'recording', label: 'WAV', extensions: [] },
  { mediaType: 'audio/amr', kind: 'recording', label: 'AMR', extensions: ['.amr'] },
];

export const acceptedMediaTypes: ReadonlySet<string> = new Set(acceptedFileTypes.map((t) => t.mediaType));

/** The labels of one kind, each once, in the list's order: the words of the refusal. */
export const labelsOf = (kind: FileKind): string[] => [
  ...new Set(acceptedFileTypes.filter((t) => t.kind === kind).map((t) => t.label)),
];

/** The `accept` attribute of a file input: media types and name endings, for pickers that know only one. */
export const acceptAttribute = [
  ...acceptedMediaTypes,
  ...acceptedFileTypes.flatMap((t) => t.extensions),
].join(',');
