import { Loader, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { KioskCredential } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { asApiError } from '../transport/transport';
import { BadgePin } from './BadgePin';
import { BadgeScan } from './BadgeScan';
import { ChooseAction } from './ChooseAction';
import { KioskDone } from './KioskDone';
import { KioskExit } from './KioskExit';
import { PinLogin } from './PinLogin';
import { SlotCallout } from './SlotCallout';
import { kioskFlows, type KioskFlows } from './kiosk-flows';
import { idleTimeoutMs, initialKiosk, kioskReducer } from './kiosk-machine';
import { useDevicePresence } from './use-device-presence';
import { usePickEvents } from './use-pick-events';

/** Kiosk check-out / check-in: badge or PIN, the slot shown huge, confirmed by the cart itself. */
export function KioskScreen({ flows: given }: { flows?: KioskFlows }) {
  const transport = useTransport();
  const flows = useMemo(() => given ?? kioskFlows(transport), [given, transport]);
  const canExit = useStation((s) => s.host?.kiosk === true && s.host.canExitKiosk);
  const [state, dispatch] = useReducer(kioskReducer, initialKiosk);
  const credential = useRef<KioskCredential | null>(null);
  const [badgeNeedsPin, setBadgeNeedsPin] = useState(false);
  useEffect(() => {
    flows
      .signIn?.()
      .then((s) => setBadgeNeedsPin(s.badgeNeedsPin))
      // Unknown: the station itself refuses a badge alone when it needs the PIN too.
      .catch(() => undefined);
  }, [flows]);

  const fail = (err: unknown) => dispatch({ type: 'failed', error: asApiError(err) });
  const identify = async (c: KioskCredential) => {
    credential.current = c;
    dispatch({ type: 'busy', what: 'Checking who you are…' });
    try {
      const who = await flows.identify(c);
      if (who.holding.length === 0 && who.canCheckOut) return await checkOut(c);
      dispatch({ type: 'identified', credential: c, ...who });
    } catch (err) {
      fail(err);
    }
  };
  const checkOut = async (c: KioskCredential) => {
    dispatch({ type: 'busy', what: 'Finding a device for you…' });
    try {
      const r = await flows.checkOut(c);
      dispatch({ type: 'assigned', user: r.user, device: r.device, pickId: r.pickId });
    } catch (err) {
      fail(err);
    }
  };
  const checkIn = async (c: KioskCredential, udid: string) => {
    dispatch({ type: 'busy', what: 'One moment…' });
    try {
      const r = await flows.checkIn(c, udid);
      dispatch({ type: 'return-to', user: r.user, device: r.device });
    } catch (err) {
      fail(err);
    }
  };

  // A check-out is confirmed by the station's pick (recorded), a check-in by the cart seeing the device.
  useDevicePresence(state.step === 'return' ? state.device.udid : null, () => dispatch({ type: 'device-back' }));
  usePickEvents(flows, state.step === 'take' ? (state.pickId ?? null) : null, dispatch);
  useHotkeys([['Escape', () => dispatch({ type: 'reset' })]], []);
  useEffect(() => {
    const ms = idleTimeoutMs(state.step);
    if (ms === null) return;
    const t = setTimeout(() => dispatch({ type: 'reset' }), ms);
    return () => clearTimeout(t);
  }, [state]);

  return (
    <div className="cw-kiosk" data-step={state.step}>
      {state.step === 'scan' ? (
        <BadgeScan onBadge={(badge) => (badgeNeedsPin ? dispatch({ type: 'badge-scanned', badge }) : void identify({ badge }))} onUsePin={() => dispatch({ type: 'use-pin' })} />
      ) : null}
      {state.step === 'badge-pin' ? <BadgePin onSubmit={(pin) => void identify({ badge: state.badge, pin })} onCancel={() => dispatch({ type: 'reset' })} /> : null}
      {state.step === 'pin' ? <PinLogin onSubmit={(username, pin) => void identify({ username, pin })} onCancel={() => dispatch({ type: 'reset' })} /> : null}
      {state.step === 'busy' ? (
        <Stack align="center" className="cw-kiosk-panel">
          <Loader size="xl" />
          <Text size="xl">{state.what}</Text>
        </Stack>
      ) : null}
      {state.step === 'choose' ? (
        <ChooseAction user={state.user} holding={state.holding} canCheckOut={state.canCheckOut} onCheckOut={() => void checkOut(state.credential)} onReturn={(d) => void checkIn(state.credential, d.udid)} />
      ) : null}
      {state.step === 'take' ? (
        <SlotCallout device={state.device} heading={`${state.user.displayName}, take your device from`} hint="Unplug it from the cart; it is yours until you bring it back." testId="checkout-slot" tone="take" warning={state.warning ?? null} />
      ) : null}
      {state.step === 'taken' ? (
        <KioskDone title="Enjoy your device" detail={`${state.note ? `${state.note} ` : ''}${state.device.name ?? 'The device'} is checked out to ${state.user.displayName}.`} testId="checkout-done" />
      ) : null}
      {state.step === 'return' ? <SlotCallout device={state.device} heading="Plug your device into" hint="Use the cable in that slot; the screen confirms when the cart sees it." testId="checkin-slot" tone="return" /> : null}
      {state.step === 'returned' ? <KioskDone title="Thank you" detail={`${state.device.name ?? 'The device'} is back on the cart.`} testId="checkin-done" /> : null}
      {state.step === 'failed' ? (
        <Stack align="center" className="cw-kiosk-panel cw-kiosk-error">
          <ErrorSentence error={state.error} title="That did not work" />
          <Text size="lg" c="dimmed">
            Press Escape or wait a moment to start again.
          </Text>
        </Stack>
      ) : null}
      {state.step !== 'scan' && state.step !== 'busy' ? (
        <Text className="cw-kiosk-footer" c="dimmed">
          Esc — start over
        </Text>
      ) : null}
      {canExit ? <KioskExit /> : null}
    </div>
  );
}
