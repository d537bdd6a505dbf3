import { Alert, Loader, Stack, Text } from '@mantine/core';
import { ErrorSentence } from '../common/ErrorSentence';
import type { CartCheck } from './use-cart-check';

/** Before anything runs: what would stop this blueprint on the devices on the cart now. */
export function CartCheckCard({ check, formProblems }: { check: CartCheck; formProblems: string[] }) {
  if (formProblems.length) {
    return (
      <Alert color="red" variant="light" title="Fix the form before saving" role="alert" data-testid="form-problems">
        <Stack gap={2}>
          {formProblems.map((p) => (
            <Text key={p} size="sm">
              {p}
            </Text>
          ))}
        </Stack>
      </Alert>
    );
  }
  if (check.state === 'idle') return null;
  if (check.state === 'checking') return <Loader size="xs" aria-label="Checking the blueprint against the cart" />;
  if (check.state === 'failed') return <ErrorSentence error={check.error} title="The station could not check this blueprint" />;
  if (!check.problems.length) {
    return (
      <Text size="sm" c="green.8" data-testid="cart-check-ok">
        Ready: nothing would stop this blueprint on the devices on the cart.
      </Text>
    );
  }
  return (
    <Alert color="orange" variant="light" title="This blueprint would stop on every device" role="alert" data-testid="cart-check-problems">
      <Stack gap={6}>
        {check.problems.map((p) => (
          <div key={`${p.kind}:${p.message}`}>
            <Text size="sm">{p.message}</Text>
            <Text size="sm" fw={500}>
              {p.remedy}
            </Text>
          </div>
        ))}
      </Stack>
    </Alert>
  );
}
