// Photos from the phone's camera (or a file elsewhere), previewed, removable, at most as many as
// the API takes. Large camera pictures are scaled down first so they upload fast on a phone line.
import { type ChangeEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldProblem, Icon } from './ui';

export const MAX_PHOTOS = 9;
/** Pictures above this are scaled down to LONG_SIDE pixels before upload. */
const SHRINK_ABOVE = 1_500_000;
const LONG_SIDE = 1920;

export interface Photo {
  key: string;
  file: Blob;
  name: string;
  url: string;
}

async function shrink(file: File): Promise<Blob> {
  if (file.size <= SHRINK_ABOVE || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    // A format the browser cannot draw: send it as it is and let the API judge it.
    return file;
  }
}

let counter = 0;

export function PhotoField({
  id,
  label,
  photos,
  onChange,
  problem,
}: {
  id: string;
  label: string;
  photos: Photo[];
  onChange(photos: Photo[]): void;
  problem?: string;
}) {
  const { t } = useTranslation('mobile');
  const latest = useRef(photos);
  latest.current = photos;
  // Object URLs hold memory until revoked: free them when the field goes away.
  useEffect(() => () => latest.current.forEach((p) => URL.revokeObjectURL(p.url)), []);

  const add = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const files = Array.from(input.files ?? []).slice(0, MAX_PHOTOS - latest.current.length);
    input.value = '';
    const added = await Promise.all(
      files.map(async (file) => {
        const blob = await shrink(file);
        return { key: `p${++counter}`, file: blob, name: blob === file ? file.name : file.name.replace(/\.\w+$/, '') + '.jpg', url: URL.createObjectURL(blob) };
      }),
    );
    onChange([...latest.current, ...added]);
  };

  const remove = (photo: Photo) => {
    URL.revokeObjectURL(photo.url);
    onChange(latest.current.filter((p) => p !== photo));
  };

  return (
    <div className="m-field">
      <span className="m-label" id={`${id}-label`}>
        {label} <span className="m-muted">({t('photos.count', { count: photos.length, max: MAX_PHOTOS })})</span>
      </span>
      <div className="m-photos">
        {photos.map((photo, i) => (
          <div className="m-photo" key={photo.key}>
            <img src={photo.url} alt={t('photos.preview', { n: i + 1 })} />
            <button type="button" className="m-photo-remove" aria-label={t('photos.remove', { n: i + 1 })} onClick={() => remove(photo)}>
              <Icon name="close" size={16} />
            </button>
          </div>
        ))}
        {photos.length < MAX_PHOTOS && (
          <label className="m-photo-add">
            <input
              id={id}
              className="m-sr"
              type="file"
              accept="image/*"
              capture="environment"
              multiple
              aria-describedby={problem ? `${id}-problem` : undefined}
              aria-invalid={problem ? true : undefined}
              onChange={(e) => void add(e)}
            />
            <span>
              <Icon name="camera" size={28} />
              <span>{t('photos.add')}</span>
            </span>
          </label>
        )}
      </div>
      <FieldProblem id={`${id}-problem`} text={problem} />
    </div>
  );
}
