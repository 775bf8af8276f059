//! Slash command registration: read what Discord has, compare it with
//! [`command::definitions`](versus_discord::command::definitions), and overwrite all of them in one bulk
//! `PUT` only when they differ — Discord allows 200 command creates a day per guild, and a bot
//! that re-registers on every start burns through them.
//!
//! The comparison is a pure function over JSON, so Discord's echo (ids, versions, defaults it
//! fills in) can be tested without a connection.

use std::collections::BTreeMap;
use std::num::NonZeroU64;

use serde_json::{json, Value};
use serenity::http::{Http, LightMethod, Request, Route};
use serenity::model::id::{ApplicationId, GuildId};

/// Where commands are registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere (takes effect everywhere, also in DMs).
    Global,
    /// One guild: updates at once; for development.
    Guild(u64),
}

impl Scope {
    /// Guild scope for a set `dev_guild_id`, else global.
    pub fn from_dev_guild(dev_guild_id: Option<NonZeroU64>) -> Scope {
        dev_guild_id.map_or(Scope::Global, |id| Scope::Guild(id.get()))
    }
}

/// What registration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// Discord already had these commands: nothing was sent.
    Unchanged,
    /// The commands were overwritten in one bulk request.
    Updated,
}

/// One command reduced to what versus decides, with Discord's defaults filled in, so that what
/// Discord echoes back compares equal to what versus sent.
fn normalize(command: &Value, scope: Scope) -> Value {
    let options: Vec<Value> = command["options"]
        .as_array()
        .map(|a| a.iter().map(normalize_option).collect())
        .unwrap_or_default();
    let permissions = match &command["default_member_permissions"] {
        Value::String(s) => json!(s),
        Value::Number(n) => json!(n.to_string()),
        _ => Value::Null,
    };
    let mut n = json!({
        "name": command["name"],
        "type": command["type"].as_u64().unwrap_or(1),
        "description": command["description"].as_str().unwrap_or(""),
        "options": options,
        "default_member_permissions": permissions,
        "nsfw": command["nsfw"].as_bool().unwrap_or(false),
        "name_localizations": localizations(command, "name_localizations"),
        "description_localizations": localizations(command, "description_localizations"),
    });
    // dm_permission only means something for global commands; Discord may omit it for guild ones.
    if scope == Scope::Global {
        n["dm_permission"] = json!(command["dm_permission"].as_bool().unwrap_or(true));
    }
    n
}

fn normalize_option(option: &Value) -> Value {
    let mut n = json!({
        "type": option["type"],
        "name": option["name"],
        "description": option["description"].as_str().unwrap_or(""),
        "required": option["required"].as_bool().unwrap_or(false),
        "autocomplete": option["autocomplete"].as_bool().unwrap_or(false),
        "name_localizations": localizations(option, "name_localizations"),
        "description_localizations": localizations(option, "description_localizations"),
    });
    for key in [
        "min_length",
        "max_length",
        "min_value",
        "max_value",
        "choices",
    ] {
        if let Some(v) = option.get(key).filter(|v| !v.is_null()) {
            n[key] = v.clone();
        }
    }
    if let Some(sub) = option["options"].as_array() {
        n["options"] = Value::Array(sub.iter().map(normalize_option).collect());
    }
    n
}

/// A `*_localizations` object as compared: Discord echoes `null` for none, versus leaves it out.
fn localizations(item: &Value, key: &str) -> Value {
    match item.get(key) {
        Some(Value::Object(m)) if !m.is_empty() => Value::Object(m.clone()),
        _ => json!({}),
    }
}

fn by_name(commands: &Value, scope: Scope) -> BTreeMap<String, Value> {
    commands
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap_or("").to_string(),
                        normalize(c, scope),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the commands Discord has (`registered`, as `GET …/commands` returns them) are the
/// ones versus wants (`wanted`, the bulk body), ignoring order and Discord's own fields.
pub fn same_commands(registered: &Value, wanted: &Value, scope: Scope) -> bool {
    by_name(registered, scope) == by_name(wanted, scope)
}

fn route(application_id: ApplicationId, scope: Scope) -> Route<'static> {
    match scope {
        Scope::Global => Route::Commands { application_id },
        Scope::Guild(g) => Route::GuildCommands {
            application_id,
            guild_id: GuildId::new(g),
        },
    }
}

/// Registers `wanted` in `scope`: one `GET`, then one bulk `PUT` only when they changed.
pub async fn register(
    http: &Http,
    application_id: ApplicationId,
    scope: Scope,
    wanted: &Value,
) -> serenity::Result<Registration> {
    // Without `with_localizations` Discord sends only the caller's own translation, and a
    // change of wording in another language would never be noticed.
    let read = Request::new(route(application_id, scope), LightMethod::Get)
        .params(Some(vec![("with_localizations", "true".to_string())]));
    let response = http.request(read).await?;
    let bytes = response
        .bytes()
        .await
        .map_err(serenity::http::HttpError::from)?;
    // A body Discord would never send reads as "nothing registered": overwrite.
    let registered: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if same_commands(&registered, wanted, scope) {
        return Ok(Registration::Unchanged);
    }
    let body = serde_json::to_vec(wanted)?;
    http.request(Request::new(route(application_id, scope), LightMethod::Put).body(Some(body)))
        .await?;
    Ok(Registration::Updated)
}

/// Why `versus register` could not register.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The command table breaks Discord's rules; Discord would refuse it.
    #[error("the command definitions break discord's rules: {}", .0.join("; "))]
    Definitions(Vec<String>),
    /// `GET /oauth2/applications/@me` failed.
    #[error("cannot read the application id from discord (GET /oauth2/applications/@me; or set [discord] application_id): {0}")]
    ApplicationId(#[source] Box<serenity::Error>),
    /// Discord's answer had no usable application id.
    #[error("discord's GET /oauth2/applications/@me answer has no application id; set [discord] application_id")]
    NoApplicationId,
    /// Reading or overwriting the commands failed.
    #[error("registering the slash commands failed: {0}")]
    Register(#[source] Box<serenity::Error>),
}

/// What `versus register` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// The application the commands belong to.
    pub application_id: u64,
    /// Where they were registered.
    pub scope: Scope,
    /// Whether anything was sent.
    pub registration: Registration,
    /// How many commands the table has.
    pub commands: usize,
}

/// The application id behind the token: `GET /oauth2/applications/@me`.
async fn application_id(http: &Http) -> Result<u64, RegisterError> {
    let route = Route::Oauth2ApplicationCurrent;
    let response = http
        .request(Request::new(route, LightMethod::Get))
        .await
        .map_err(|e| RegisterError::ApplicationId(Box::new(e)))?;
    let bytes = response.bytes().await.map_err(|e| {
        RegisterError::ApplicationId(Box::new(serenity::http::HttpError::from(e).into()))
    })?;
    let info: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    info["id"]
        .as_str()
        .and_then(|id| id.parse::<u64>().ok())
        .filter(|&id| id != 0)
        .ok_or(RegisterError::NoApplicationId)
}

/// Registers the command table in `scope` for `application_id` (`None`: the token's
/// application), only when Discord's copy differs.
pub async fn register_table(
    http: &Http,
    application_id: Option<NonZeroU64>,
    scope: Scope,
) -> Result<Report, RegisterError> {
    let wanted = versus_discord::command::definitions();
    let problems = versus_discord::validate::registration_problems(&wanted);
    if !problems.is_empty() {
        return Err(RegisterError::Definitions(problems));
    }
    let application_id = match application_id {
        None => self::application_id(http).await?,
        Some(id) => id.get(),
    };
    let registration = register(http, ApplicationId::new(application_id), scope, &wanted)
        .await
        .map_err(|e| RegisterError::Register(Box::new(e)))?;
    Ok(Report {
        application_id,
        scope,
        registration,
        commands: wanted.as_array().map_or(0, Vec::len),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use versus_discord::command::definitions;

    /// What Discord answers to `GET …/guilds/{g}/commands` after a bulk overwrite: the commands
    /// with ids, versions and every default filled in, in its own order.
    fn discord_echo(wanted: &Value) -> Value {
        let mut echoed: Vec<Value> = wanted
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut c = c.clone();
                c["id"] = json!(format!("{}", 1000 + i));
                c["application_id"] = json!("111111111111111111");
                c["guild_id"] = json!("290926798626357999");
                c["version"] = json!("1300000000000000000");
                c["nsfw"] = json!(false);
                if c.get("description_localizations").is_none() {
                    c["description_localizations"] = Value::Null;
                }
                c.as_object_mut().unwrap().remove("dm_permission");
                if c.get("default_member_permissions").is_none() {
                    c["default_member_permissions"] = Value::Null;
                }
                if let Some(options) = c["options"].as_array_mut() {
                    for o in options
                        .iter_mut()
                        .filter(|o| o.get("name_localizations").is_none())
                    {
                        o["name_localizations"] = Value::Null;
                    }
                }
                c
            })
            .collect();
        echoed.reverse();
        Value::Array(echoed)
    }

    #[test]
    fn discords_echo_of_the_same_commands_counts_as_unchanged() {
        let wanted = definitions();
        let scope = Scope::Guild(290926798626357999);
        assert!(same_commands(&discord_echo(&wanted), &wanted, scope));
    }

    #[test]
    fn a_changed_description_or_a_missing_command_counts_as_changed() {
        let wanted = definitions();
        let scope = Scope::Guild(1);
        let mut changed = discord_echo(&wanted);
        changed[0]["description"] = json!("old text");
        assert!(!same_commands(&changed, &wanted, scope));
        let mut fewer = discord_echo(&wanted);
        fewer.as_array_mut().unwrap().pop();
        assert!(!same_commands(&fewer, &wanted, scope));
        assert!(!same_commands(&json!([]), &wanted, scope));
    }

    #[test]
    fn a_changed_translation_counts_as_changed() {
        let wanted = definitions();
        let scope = Scope::Guild(1);
        let mut changed = discord_echo(&wanted);
        changed[0]["description_localizations"]["de"] = json!("alter Text");
        assert!(!same_commands(&changed, &wanted, scope));
        // What an older versus registered, before it spoke other languages.
        let mut before = discord_echo(&wanted);
        for c in before.as_array_mut().unwrap() {
            c["description_localizations"] = Value::Null;
        }
        assert!(!same_commands(&before, &wanted, scope));
    }

    #[test]
    fn globally_dm_permission_matters() {
        let wanted = definitions();
        let mut echo = wanted.clone();
        for c in echo.as_array_mut().unwrap() {
            c["dm_permission"] = json!(true);
        }
        assert!(!same_commands(&echo, &wanted, Scope::Global));
        assert!(same_commands(&wanted, &wanted, Scope::Global));
    }
}
