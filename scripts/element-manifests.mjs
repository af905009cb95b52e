// Turns js/run-button.api.json, the one description of <drush-io-run-button>, into the
// files editors and tools read: a Custom Elements Manifest (schema 2.1), VS Code's HTML
// custom data and JetBrains' web-types. Run by scripts/finish-pkg.mjs.
import { readFileSync } from 'node:fs';

export const API_PATH = new URL('../js/run-button.api.json', import.meta.url);

export function readApi() {
  return JSON.parse(readFileSync(API_PATH, 'utf8'));
}

const named = ({ name, description }) => ({ name, description });

// What an editor offers to type: the attributes a page sets (not `state`, which the element
// sets), with their values when they are a closed list.
const settable = (api) =>
  api.attributes
    .filter((attribute) => !attribute.readonly)
    .map(({ name, description, values }) => ({
      name,
      description,
      ...(values ? { values: values.map((value) => ({ name: value })) } : {}),
    }));

export function customElementsManifest(api, { packageName, entry }) {
  const path = entry.replace(/^\.\//, '');
  const attributes = api.attributes.map(({ name, type, description }) => ({
    name,
    type: { text: type },
    description,
  }));
  const members = [
    ...api.properties.map(({ name, type, description, readonly }) => ({
      kind: 'field',
      name,
      type: { text: type },
      description,
      ...(readonly ? { readonly: true } : {}),
    })),
    ...api.methods.map(({ name, description }) => ({
      kind: 'method',
      name,
      description,
      return: { type: { text: 'void' } },
    })),
  ];
  return {
    schemaVersion: '2.1.0',
    readme: 'README.md',
    modules: [
      {
        kind: 'javascript-module',
        path,
        declarations: [
          {
            kind: 'class',
            name: api.className,
            description: api.description,
            customElement: true,
            tagName: api.tagName,
            superclass: { name: 'HTMLElement' },
            attributes,
            members,
            events: api.events.map(({ name, detail, description }) => ({
              name,
              type: { text: `CustomEvent<${detail}>` },
              description,
            })),
            slots: api.slots.map(named),
            cssParts: api.parts.map(named),
            cssProperties: api.cssProperties.map(named),
          },
        ],
        exports: [
          {
            kind: 'custom-element-definition',
            name: api.tagName,
            declaration: { name: api.className, package: packageName },
          },
        ],
      },
    ],
  };
}

export function vscodeCustomData(api) {
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    tags: [
      {
        name: api.tagName,
        description: api.description,
        attributes: settable(api),
      },
    ],
  };
}

export function webTypes(api, { packageName, version }) {
  return {
    $schema: 'https://json.schemastore.org/web-types',
    name: packageName,
    version,
    'description-markup': 'markdown',
    contributions: {
      html: {
        elements: [
          {
            name: api.tagName,
            description: api.description,
            attributes: settable(api).map((attribute) => ({
              ...attribute,
              value: { type: attribute.values ? 'enum' : 'string', kind: 'plain' },
            })),
            js: {
              properties: api.properties.map(({ name, type, description }) => ({
                name,
                type,
                description,
              })),
              events: api.events.map(named),
            },
            slots: api.slots.map(named),
            css: { parts: api.parts.map(named), properties: api.cssProperties.map(named) },
          },
        ],
      },
    },
  };
}
