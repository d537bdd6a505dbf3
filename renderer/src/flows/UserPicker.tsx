import { Select } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { DirectoryUser } from '../../../electron/api/index.js';
import { useTransport } from '../store/client';

/** How long typing pauses before the directory is asked (it may ask the MDM live). */
const SEARCH_DELAY_MS = 250;

interface Props {
  label: string;
  value: DirectoryUser | null;
  onChange(user: DirectoryUser | null): void;
  description?: string;
}

const optionLabel = (u: DirectoryUser) => `${u.name} (${u.username ?? u.email ?? u.id})`;

/** A person from the directory, found as one types a name, username, email or badge. */
export function UserPicker({ label, value, onChange, description }: Props) {
  const transport = useTransport();
  const [search, setSearch] = useState(value ? optionLabel(value) : '');
  const [found, setFound] = useState<DirectoryUser[]>([]);
  const [offline, setOffline] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const query = search.trim();
    // Typing stops on the chosen person's label: nothing new to look up.
    if (!query || (value && query === optionLabel(value))) return;
    let live = true;
    const timer = setTimeout(() => {
      transport
        .call('users.search', { query, limit: 20 })
        .then((r) => {
          if (!live) return;
          setFound(r.users);
          setOffline(r.offline);
          setFailed(false);
        })
        .catch(() => live && setFailed(true));
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [transport, search, value]);
  const people = value && !found.some((u) => u.id === value.id) ? [value, ...found] : found;
  const hint = failed ? 'The directory did not answer; try again.' : offline ? 'The MDM did not answer: showing people cached on this station.' : description;
  return (
    <Select
      label={label}
      placeholder="Type a name, username, email or badge"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The station already matched the query; Mantine must not filter again by the label.
      filter={({ options }) => options}
      data={people.map((u) => ({ value: u.id, label: optionLabel(u) }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(people.find((u) => u.id === id) ?? null)}
      nothingFoundMessage={search.trim() ? 'No one in the directory matches.' : 'Start typing to search the directory.'}
      description={hint}
      clearable
    />
  );
}
