import { memo } from 'react';
import type { ApiError } from '../../../electron/api/index.js';
import { sameValue } from '../store/same-value';

/** An error's sentence and remedy in a few lines of plain markup, for the cart's 100 tiles. */
export const CompactError = memo(function CompactError({ error, remedy }: { error: ApiError; remedy: string | undefined }) {
  return (
    <div className="cw-error" role="alert">
      <div className="cw-error-message" title={error.message}>
        {error.message}
      </div>
      <div className="cw-error-remedy" title={remedy}>
        <b>Fix: </b>
        {remedy}
      </div>
    </div>
  );
  // Each station batch brings a new error object for a device that changed anything else.
}, (a, b) => a.remedy === b.remedy && sameValue(a.error, b.error));
