// LLM requests through the AI SDK (`ai`) retried by hand: directly, or through a project function that calls it;
// a `for…of` over a short literal list of attempts that returns on success is a retry loop too.
import { generateObject, generateText } from 'ai';

declare const model: Parameters<typeof generateText>[0]['model'];

async function complete(prompt: string) {
  const result = await generateObject({ model, prompt, output: 'no-schema' });
  return result.object;
}

export async function summarize(prompt: string) {
  for (let retry = 0; retry <= 2; retry++) { // expect: retry-without-backoff
    try {
      const result = await generateText({ model, prompt });
      return result.text;
    } catch (error) {
      console.warn(`attempt ${retry + 1} failed`, error);
    }
  }
  return undefined;
}

export async function schemaFor(prompt: string) {
  const temperatures = [0, 0.1, 0.3];
  let lastError: unknown;
  for (const temperature of temperatures) { // expect: retry-without-backoff
    try {
      return await complete(`${prompt} (temperature ${temperature})`);
    } catch (error) {
      lastError = error;
      continue;
    }
  }
  throw lastError;
}

// clean: jitter between attempts; a list of prompts to collect (success does not leave the loop); a list from a parameter.
export async function summarizeJittered(prompt: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return (await generateText({ model, prompt })).text;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_000 * 2 ** attempt));
    }
  }
  return undefined;
}

export async function collect() {
  const answers: unknown[] = [];
  for (const prompt of ['a', 'b', 'c']) {
    try {
      answers.push(await complete(prompt));
    } catch {
      answers.push(null);
    }
  }
  return answers;
}

export async function firstThatWorks(prompts: string[]) {
  for (const prompt of prompts) {
    try {
      return await complete(prompt);
    } catch {
      continue;
    }
  }
  return undefined;
}
