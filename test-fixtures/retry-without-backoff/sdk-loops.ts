// Hand-written retry loops around network SDK calls: a Cloud Storage upload through bucket and file handles.
import { Storage } from '@google-cloud/storage';

const storage = new Storage();

// A flag named `use…` is not a React hook: the file is still server code.
export const useIndex = process.env.INDEX_BUCKET !== undefined;

export async function saveDocument(id: string, doc: unknown) {
  const bucket = storage.bucket('documents');
  const blob = bucket.file(`${id}.json`);
  for (let i = 0; i < 3; i++) { // expect: retry-without-backoff
    try {
      await blob.save(JSON.stringify(doc), { contentType: 'application/json' });
      break;
    } catch (error) {
      if (i === 2) throw error;
      console.error('Error saving document, retrying', { error, i });
    }
  }
}

// clean: full jitter between attempts; the handles themselves (`bucket`, `file`) send nothing.
export async function saveJittered(id: string, doc: unknown) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await storage.bucket('documents').file(`${id}.json`).save(JSON.stringify(doc));
      return;
    } catch (error) {
      if (attempt === 2) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 200 * 2 ** attempt));
    }
  }
}

// clean: a loop over file names is not a retry.
export function handles(names: string[]) {
  return names.map((name) => storage.bucket('documents').file(name));
}
