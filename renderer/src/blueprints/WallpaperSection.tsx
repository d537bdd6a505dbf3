import { Button, FileButton, Group, Image, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { fileToBase64, imageMime } from './file-bytes';
import { FormSection, type SectionProps } from './form-section';
import type { WallpaperWhere } from './blueprint-form';

const WHERE: { value: WallpaperWhere; label: string }[] = [
  { value: 'lock', label: 'Lock Screen' },
  { value: 'home', label: 'Home Screen' },
  { value: 'both', label: 'Both' },
];

/** A wallpaper for the Lock Screen, the Home Screen or both, previewed as it is chosen. */
export function WallpaperSection({ form, change }: SectionProps) {
  const [refused, setRefused] = useState<string | null>(null);
  const wallpaper = form.wallpaper;
  const choose = async (file: File | null) => {
    if (!file) return;
    const image = await fileToBase64(file);
    if (!imageMime(image)) {
      setRefused(`${file.name} is not a PNG or JPEG image.`);
      return;
    }
    setRefused(null);
    change({ wallpaper: { image, where: wallpaper?.where ?? 'both' } });
  };
  const mime = wallpaper ? imageMime(wallpaper.image) : null;
  return (
    <FormSection title="Wallpaper" hint="Supervised devices only.">
      {wallpaper ? null : (
        <Text size="sm" c="dimmed">
          No wallpaper: the devices keep theirs.
        </Text>
      )}
      <Group align="flex-start">
        {wallpaper && mime ? <Image src={`data:${mime};base64,${wallpaper.image}`} alt="Wallpaper preview" h={160} w={90} fit="cover" radius="md" /> : null}
        <Stack gap="xs">
          <FileButton onChange={(f) => void choose(f)} accept="image/png,image/jpeg">
            {(props) => (
              <Button variant="default" {...props}>
                {wallpaper ? 'Choose another image…' : 'Choose image…'}
              </Button>
            )}
          </FileButton>
          {wallpaper ? (
            <Button variant="subtle" color="red" size="xs" onClick={() => change({ wallpaper: null })}>
              Remove wallpaper
            </Button>
          ) : null}
          {wallpaper ? (
            <SegmentedControl
              aria-label="Where the wallpaper goes"
              data={WHERE}
              value={wallpaper.where}
              onChange={(v) => change({ wallpaper: { ...wallpaper, where: v as WallpaperWhere } })}
            />
          ) : null}
          {refused ? (
            <Text size="sm" c="orange.8">
              {refused}
            </Text>
          ) : null}
        </Stack>
      </Group>
    </FormSection>
  );
}
