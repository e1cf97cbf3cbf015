//! Group Policy templates for Chrome on Windows: `tarawwi.admx` + `en-US/tarawwi.adml`,
//! generated from `extension/managed_schema.json` so they never drift from what the extension reads.
//!
//! Chrome reads an extension's managed storage from
//! `HKLM\Software\Policies\Google\Chrome\3rdparty\extensions\<id>\policy` (lists as subkeys with
//! values "1", "2", …; objects as subkeys). Each schema key becomes one policy writing exactly that
//! layout. `customPacks` (multi-line TOML) has no fitting ADMX control: it is left to the registry
//! (Group Policy Preferences) and said so in the template's explanation text.
//!
//! `cargo xtask admx [--id EXTENSION_ID] [--out DIR]` (default `dist/policy/windows`);
//! `cargo xtask dist` also writes them and packs them into `tarawwi-policy-templates-<version>.zip`.

use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Written in place of the id when none is given: administrators replace it with the store id.
pub const PLACEHOLDER_ID: &str = "EXTENSION_ID";
const SCHEMA: &str = "extension/managed_schema.json";
/// Keys the template leaves to the registry, with the reason shown to administrators.
const REGISTRY_ONLY: &[(&str, &str)] = &[(
    "customPacks",
    "Institution packs are multi-line TOML: deploy them as REG_SZ values \"1\", \"2\", … under the customPacks subkey with Group Policy Preferences → Registry (see docs/ADMIN.md).",
)];

pub fn run(args: &[&str]) -> Result<()> {
    let mut id = PLACEHOLDER_ID.to_string();
    let mut out = PathBuf::from("dist/policy/windows");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "--id" => {
                id = it
                    .next()
                    .context("--id needs the extension id")?
                    .to_string()
            }
            "--out" => out = PathBuf::from(it.next().context("--out needs a directory")?),
            other => bail!("admx: unknown argument '{other}' (use --id ID, --out DIR)"),
        }
    }
    for f in write(&out, &id)? {
        eprintln!("wrote {}", f.display());
    }
    Ok(())
}

/// Write the templates for extension `id` into `dir`; returns the files written.
pub fn write(dir: &Path, id: &str) -> Result<Vec<PathBuf>> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(SCHEMA).with_context(|| format!("cannot read {SCHEMA}"))?,
    )
    .with_context(|| format!("{SCHEMA} is not JSON"))?;
    let (admx, adml) = generate(&schema, id)?;
    let lang = dir.join("en-US");
    std::fs::create_dir_all(&lang).with_context(|| format!("cannot create {}", lang.display()))?;
    let files = vec![dir.join("tarawwi.admx"), lang.join("tarawwi.adml")];
    std::fs::write(&files[0], admx)?;
    std::fs::write(&files[1], adml)?;
    Ok(files)
}

/// One ADMX element of a policy: its `<elements>` XML and its presentation XML.
struct Control {
    element: String,
    presentation: String,
}

/// The ADMX and ADML texts for `schema` (the managed-storage JSON schema) and extension `id`.
pub fn generate(schema: &Value, id: &str) -> Result<(String, String)> {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._-".contains(c))
    {
        bail!("admx: '{id}' is not an extension id");
    }
    let props = schema["properties"]
        .as_object()
        .context("managed schema: no \"properties\" object")?;
    let key = format!(r"Software\Policies\Google\Chrome\3rdparty\extensions\{id}\policy");
    let mut policies = String::new();
    let mut strings = String::new();
    let mut presentations = String::new();
    let _ = writeln!(
        strings,
        r#"      <string id="cat_tarawwi">Tarawwi (تروَّ)</string>"#
    );
    let _ = writeln!(
        strings,
        r#"      <string id="sup_chrome">Google Chrome or Chromium with the Tarawwi extension</string>"#
    );
    for (name, spec) in props {
        let title = spec["title"].as_str().unwrap_or(name);
        let mut explain = spec["description"].as_str().unwrap_or("").to_string();
        if let Some((_, why)) = REGISTRY_ONLY.iter().find(|(k, _)| k == name) {
            let _ = writeln!(
                strings,
                "      <string id=\"{name}\">{}</string>\n      <string id=\"{name}_explain\">{}</string>",
                esc(title),
                esc(&format!("{explain} {why}"))
            );
            // A policy with no value of its own: it only documents the key.
            let _ = writeln!(
                policies,
                "    <policy name=\"{name}\" class=\"Machine\" displayName=\"$(string.{name})\" explainText=\"$(string.{name}_explain)\" key=\"{key}\">\n      <parentCategory ref=\"cat_tarawwi\" />\n      <supportedOn ref=\"sup_chrome\" />\n    </policy>"
            );
            continue;
        }
        let controls = controls(name, spec, &key, &mut strings)?;
        if !explain.is_empty() {
            explain.push(' ');
        }
        explain.push_str(&format!("Managed storage key: {name}."));
        let _ = writeln!(
            strings,
            "      <string id=\"{name}\">{}</string>\n      <string id=\"{name}_explain\">{}</string>",
            esc(title),
            esc(&explain)
        );
        let _ = writeln!(
            policies,
            "    <policy name=\"{name}\" class=\"Machine\" displayName=\"$(string.{name})\" explainText=\"$(string.{name}_explain)\" presentation=\"$(presentation.{name})\" key=\"{key}\">\n      <parentCategory ref=\"cat_tarawwi\" />\n      <supportedOn ref=\"sup_chrome\" />\n      <elements>\n{}      </elements>\n    </policy>",
            controls.iter().map(|c| c.element.as_str()).collect::<String>()
        );
        let _ = writeln!(
            presentations,
            "      <presentation id=\"{name}\">\n{}      </presentation>",
            controls
                .iter()
                .map(|c| c.presentation.as_str())
                .collect::<String>()
        );
    }
    let admx = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by `cargo xtask admx` from extension/managed_schema.json. Do not edit. -->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <policyNamespaces>
    <target prefix="tarawwi" namespace="Tarawwi.Policies.Extension" />
  </policyNamespaces>
  <resources minRequiredRevision="1.0" />
  <supportedOn>
    <definitions>
      <definition name="sup_chrome" displayName="$(string.sup_chrome)" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="cat_tarawwi" displayName="$(string.cat_tarawwi)" />
  </categories>
  <policies>
{policies}  </policies>
</policyDefinitions>
"#
    );
    let adml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by `cargo xtask admx` from extension/managed_schema.json. Do not edit. -->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <displayName>Tarawwi</displayName>
  <description>Managed settings of the Tarawwi extension (chrome.storage.managed).</description>
  <resources>
    <stringTable>
{strings}    </stringTable>
    <presentationTable>
{presentations}    </presentationTable>
  </resources>
</policyDefinitionResources>
"#
    );
    Ok((admx, adml))
}

/// The ADMX controls for one schema key (several for an object: one per property, in a subkey).
fn controls(name: &str, spec: &Value, key: &str, strings: &mut String) -> Result<Vec<Control>> {
    let label = |id: &str, text: &str, strings: &mut String| {
        let _ = writeln!(
            strings,
            "      <string id=\"{id}_label\">{}</string>",
            esc(text)
        );
    };
    let kind = spec["type"].as_str().unwrap_or("");
    let c = match kind {
        "string" if spec["enum"].is_array() => {
            let items: String = spec["enum"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .map(|v| {
                    let sid = format!("{name}_{}", v.replace('-', "_"));
                    let _ = writeln!(strings, "      <string id=\"{sid}\">{}</string>", esc(v));
                    format!("          <item displayName=\"$(string.{sid})\"><value><string>{}</string></value></item>\n", esc(v))
                })
                .collect();
            Control {
                element: format!("        <enum id=\"{name}\" key=\"{key}\" valueName=\"{name}\" required=\"true\">\n{items}        </enum>\n"),
                presentation: format!("        <dropdownList refId=\"{name}\" noSort=\"true\">{}</dropdownList>\n", esc(spec["title"].as_str().unwrap_or(name))),
            }
        }
        "string" => Control {
            element: format!("        <text id=\"{name}\" key=\"{key}\" valueName=\"{name}\" />\n"),
            presentation: format!("        <textBox refId=\"{name}\"><label>{}</label></textBox>\n", esc(spec["title"].as_str().unwrap_or(name))),
        },
        "boolean" => Control {
            element: format!("        <boolean id=\"{name}\" key=\"{key}\" valueName=\"{name}\">\n          <trueValue><decimal value=\"1\" /></trueValue>\n          <falseValue><decimal value=\"0\" /></falseValue>\n        </boolean>\n"),
            presentation: format!("        <checkBox refId=\"{name}\" defaultChecked=\"true\">{}</checkBox>\n", esc(spec["title"].as_str().unwrap_or(name))),
        },
        "integer" => Control {
            element: format!("        <decimal id=\"{name}\" key=\"{key}\" valueName=\"{name}\" minValue=\"0\" maxValue=\"36500\" />\n"),
            presentation: format!("        <decimalTextBox refId=\"{name}\" defaultValue=\"90\">{}</decimalTextBox>\n", esc(spec["title"].as_str().unwrap_or(name))),
        },
        "array" if spec["items"]["type"] == "string" => {
            label(name, spec["title"].as_str().unwrap_or(name), strings);
            Control {
                // A list writes values "1", "2", … into the subkey: Chrome's layout for arrays.
                element: format!("        <list id=\"{name}\" key=\"{key}\\{name}\" valuePrefix=\"\" />\n"),
                presentation: format!("        <listBox refId=\"{name}\">$(string.{name}_label)</listBox>\n"),
            }
        }
        "object" => {
            let props = spec["properties"]
                .as_object()
                .with_context(|| format!("managed schema: object '{name}' has no properties"))?;
            let sub = format!("{key}\\{name}");
            let mut out = Vec::new();
            for (p, ps) in props {
                let id = format!("{name}_{p}");
                let mut ps = ps.clone();
                let parent = spec["title"].as_str().unwrap_or(name);
                ps["title"] = Value::String(format!("{parent}: {p}"));
                let mut c = controls(&id, &ps, &sub, strings)?;
                // Inside the object's subkey the value (or list subkey) is named after the property.
                for ctl in &mut c {
                    ctl.element = ctl
                        .element
                        .replace(&format!("valueName=\"{id}\""), &format!("valueName=\"{p}\""))
                        .replace(&format!("{sub}\\{id}\""), &format!("{sub}\\{p}\""));
                }
                out.extend(c);
            }
            return Ok(out);
        }
        other => bail!("managed schema: key '{name}' has type '{other}', which the ADMX generator does not know"),
    };
    Ok(vec![c])
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(SCHEMA);
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// Every element, attribute and reference is well formed and every `$(string.x)` /
    /// `$(presentation.x)` used by the ADMX is defined in the ADML.
    #[test]
    fn templates_are_well_formed_and_complete() {
        let (admx, adml) = generate(&schema(), "abcdefghijklmnopabcdefghijklmnop").unwrap();
        for doc in [&admx, &adml] {
            let mut r = quick_xml::Reader::from_str(doc);
            let mut depth = 0i32;
            loop {
                match r.read_event().expect("well-formed XML") {
                    quick_xml::events::Event::Start(_) => depth += 1,
                    quick_xml::events::Event::End(_) => depth -= 1,
                    quick_xml::events::Event::Eof => break,
                    _ => {}
                }
            }
            assert_eq!(depth, 0);
        }
        for (prefix, table) in [
            ("$(string.", "<string id=\""),
            ("$(presentation.", "<presentation id=\""),
        ] {
            for part in admx.split(prefix).skip(1).chain(adml.split(prefix).skip(1)) {
                let id = &part[..part.find(')').unwrap()];
                assert!(
                    adml.contains(&format!("{table}{id}\"")),
                    "{prefix}{id}) is not defined in the ADML"
                );
            }
        }
    }

    /// Each managed key is a policy, writing to the key Chrome reads for this extension, with
    /// lists as numbered values in a subkey.
    #[test]
    fn every_managed_key_is_a_policy_at_chromes_registry_path() {
        let s = schema();
        let (admx, _) = generate(&s, "abcdefghijklmnopabcdefghijklmnop").unwrap();
        for k in s["properties"].as_object().unwrap().keys() {
            assert!(
                admx.contains(&format!("<policy name=\"{k}\"")),
                "no policy for {k}"
            );
        }
        assert!(admx.contains(r#"key="Software\Policies\Google\Chrome\3rdparty\extensions\abcdefghijklmnopabcdefghijklmnop\policy""#));
        assert!(admx.contains(r#"<list id="lockedRules" key="Software\Policies\Google\Chrome\3rdparty\extensions\abcdefghijklmnopabcdefghijklmnop\policy\lockedRules" valuePrefix="" />"#));
        assert!(admx.contains(r#"<list id="institution_officials" key="Software\Policies\Google\Chrome\3rdparty\extensions\abcdefghijklmnopabcdefghijklmnop\policy\institution\officials""#));
        assert!(admx.contains(r#"<text id="institution_name" key="Software\Policies\Google\Chrome\3rdparty\extensions\abcdefghijklmnopabcdefghijklmnop\policy\institution" valueName="name" />"#));
        assert!(admx.contains(r#"<item displayName="$(string.submitMode_block_high)"><value><string>block-high</string></value></item>"#));
        assert!(admx.contains(r#"<boolean id="allowPostAnyway" key="Software\Policies\Google\Chrome\3rdparty\extensions\abcdefghijklmnopabcdefghijklmnop\policy" valueName="allowPostAnyway">"#));
        assert!(admx.contains(r#"<decimal id="ackRetentionDays" key="Software\Policies\Google\Chrome\3rdparty\extensions\abcdefghijklmnopabcdefghijklmnop\policy" valueName="ackRetentionDays""#));
    }

    #[test]
    fn a_bad_id_is_refused() {
        assert!(generate(&schema(), "a\" onload=\"x").is_err());
        assert!(generate(&schema(), "").is_err());
    }
}
