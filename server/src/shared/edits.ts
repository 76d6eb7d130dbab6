/** Plain-data edits and fixes: what rules propose, the engine plans and the front ends apply. */

/** A text edit on the file the finding is in (offsets into the original text). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A fix is a titled list of non-overlapping edits. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Names the edited code imports from the bundled helper (`mapLimit`, `withRetry`); installing it is part of the fix. */
  helperImports?: string[];
  /** Types the edited code names from the helper (`RetryOptions`): imported with `import type` when no value is. */
  helperTypeImports?: string[];
}
