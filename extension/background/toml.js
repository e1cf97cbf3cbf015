// Custom packs are TOML; the WASM engine has no TOML parser (it would be ≈ 100 KB of the .wasm),
// so they are parsed here, with smol-toml (vendored into the build by `cargo xtask build`), and
// the engine reads the parsed object. The TOML text goes along so the engine can name the rule and
// line of an error, as the native parser does.

import { parse } from '../vendor/smol-toml.js';

/**
 * The parsed document of pack `file`, or throws its syntax error worded as the engine words pack
 * errors (file, line, rule).
 * @param {{ tomlError(file: string, toml: string, line: number, column: number, message: string): string }} Engine the WASM `Engine` class
 * @param {string} file @param {string} toml @returns {object}
 */
export function parsePack(Engine, file, toml) {
  try {
    return parse(toml);
  } catch (err) {
    if (err && typeof err.line === 'number' && typeof err.column === 'number') {
      const message = String(err.message).replace(/^Invalid TOML document: /, '').split('\n\n')[0];
      throw new Error(Engine.tomlError(file, toml, err.line, err.column, message));
    }
    throw err;
  }
}

/** `engine.lintPack` for a pack given as TOML text. @returns {string[]} failing examples */
export function lintPack(engine, Engine, file, toml) {
  return engine.lintPack(file, toml, parsePack(Engine, file, toml));
}

/** `engine.addPack` for a pack given as TOML text. @returns {object} the pack's info */
export function addPack(engine, Engine, file, toml) {
  return engine.addPack(file, toml, parsePack(Engine, file, toml));
}
