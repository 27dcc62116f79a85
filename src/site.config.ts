/** Site-wide settings shown in the header, footer and metadata. */
export const SITE = {
  name: 'News Reader',
  description:
    'Japanese press reports in English, as fast, accessible, printable pages: readable on any phone, with or without JavaScript.',
  locale: 'en-US',
} as const;
