import { Notification, Stack } from '@mantine/core';
import { useEffect } from 'react';
import { useStation, type Notice } from '../store/station-store';

const COLOR = { info: 'indigo', warning: 'yellow', error: 'red' } as const;

function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useStation((s) => s.dismiss);
  useEffect(() => {
    if (notice.level === 'error') return;
    const t = setTimeout(() => dismiss(notice.id), 6000);
    return () => clearTimeout(t);
  }, [notice, dismiss]);
  return (
    <Notification color={COLOR[notice.level]} title={notice.message} onClose={() => dismiss(notice.id)} withBorder>
      {notice.error?.remedy ?? null}
    </Notification>
  );
}

/** Station notices (a slot calibrated, an auto-stage that could not start) as dismissable toasts. */
export function Notices() {
  const notices = useStation((s) => s.notices);
  return (
    <Stack className="cw-notices" gap="xs" aria-live="polite">
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} />
      ))}
    </Stack>
  );
}
