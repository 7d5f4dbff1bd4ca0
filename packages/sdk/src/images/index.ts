// @kefu/sdk/images: photos in the chat (#17): the blob stores, the image intake, signed image URLs
// and their response headers, and the recognition seam. sharp and @aws-sdk/client-s3 are optional
// peers loaded on first use (processImage, createS3BlobStore), so importing this entry loads neither.
export {
  assertBlobKey,
  assertBlobPrefix,
  type BlobPutOptions,
  type BlobStore,
  BlobStoreError,
  type BlobStoreErrorCode,
  type StoredBlob,
} from '../blobs/blob-store.ts';
export {
  createLocalFolderBlobStore,
  type LocalFolderBlobStoreOptions,
} from '../blobs/local-folder-blob-store.ts';
export { createS3BlobStore, type S3BlobStoreOptions } from '../blobs/s3-blob-store.ts';
export { createSqlBlobStore, type SqlBlobStoreOptions, setupBlobTable } from '../blobs/sql-blob-store.ts';
export type {
  ClassifiableImage,
  ClassifyImagePlugin,
  ImageClassification,
  ImageLabel,
} from '../seams/classify-image.ts';
export { type ImageResponseMeta, imageResponseHeaders } from './image-headers.ts';
export { ImageRefusal, type ImageRefusalCode } from './image-refusal.ts';
export { type ImageType, sniffImageType } from './image-type.ts';
export {
  type ImageUrlClaims,
  ImageUrlError,
  type ImageUrlErrorCode,
  type ImageUrlOptions,
  type ImageUrlVerdict,
  type ImageVariant,
  signImageUrl,
  verifyImageUrl,
} from './image-url.ts';
export {
  IMAGE_INTAKE_DEFAULTS,
  type ImageIntakeOptions,
  type ImageIntakeResult,
  type ProcessedImage,
  processImage,
  type StoredImageType,
} from './process-image.ts';
export { formatBytes, readCapped } from './read-capped.ts';
export { runClassifyImage } from './run-classify-image.ts';
