//! Interaction and message payloads shaped like Discord's, built from the fixtures in
//! `tests/data/discord/` with only ids, names, options, roles and content changed. The stand-in
//! gives each a fresh id (and interaction token) when it dispatches it.
#![allow(dead_code)]

use serde_json::{json, Value};

use super::standin::{fixture, BOT_ID, DM_CHANNEL_BASE, GUILD_ID, MESSAGE_CHANNEL_ID};

/// The fixtures' member.
pub const MEMBER_ID: u64 = 53908232506183680;
/// The fixtures' member role (no admin rights).
pub const MEMBER_ROLE: u64 = 539082325061836999;
/// The role the tests configure as admin.
pub const ADMIN_ROLE: u64 = 700000000000000001;

/// Who sends an interaction or a message.
#[derive(Debug, Clone)]
pub struct Who {
    /// User id.
    pub user_id: u64,
    /// Member roles.
    pub roles: Vec<u64>,
    /// In the guild (else in a DM).
    pub in_guild: bool,
}

impl Who {
    /// A guild member without admin rights.
    pub fn member(user_id: u64) -> Who {
        Who {
            user_id,
            roles: vec![MEMBER_ROLE],
            in_guild: true,
        }
    }

    /// A guild member with the configured admin role.
    pub fn admin(user_id: u64) -> Who {
        Who {
            user_id,
            roles: vec![MEMBER_ROLE, ADMIN_ROLE],
            in_guild: true,
        }
    }

    /// Someone writing to the bot in a DM.
    pub fn in_dm(user_id: u64) -> Who {
        Who {
            user_id,
            roles: Vec::new(),
            in_guild: false,
        }
    }

    /// The DM channel with this user.
    pub fn dm_channel(&self) -> u64 {
        DM_CHANNEL_BASE + self.user_id % 1000
    }
}

/// A string option of a slash command.
pub fn string_option(name: &str, value: &str) -> Value {
    json!({ "type": 3, "name": name, "value": value })
}

/// An integer option of a slash command.
pub fn integer_option(name: &str, value: i64) -> Value {
    json!({ "type": 4, "name": name, "value": value })
}

fn user_json(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "username": "Mason",
        "avatar": null,
        "discriminator": "1337",
        "public_flags": 0
    })
}

fn place(p: &mut Value, who: &Who) {
    if who.in_guild {
        p["member"]["user"]["id"] = json!(who.user_id.to_string());
        p["member"]["roles"] = json!(who.roles.iter().map(u64::to_string).collect::<Vec<_>>());
    } else {
        let o = p.as_object_mut().unwrap();
        o.remove("member");
        o.remove("guild_id");
        o.remove("guild_locale");
        p["user"] = user_json(who.user_id);
        p["channel_id"] = json!(who.dm_channel().to_string());
        p["context"] = json!(1);
        p["authorizing_integration_owners"] = json!({ "1": who.user_id.to_string() });
    }
}

/// A slash command interaction (`INTERACTION_CREATE`, type 2).
pub fn slash(command: &str, options: Vec<Value>, who: &Who) -> Value {
    let mut p = fixture("synthetic_slash_command_interaction.serenity_ok.json");
    p["data"]["name"] = json!(command);
    p["data"]["options"] = json!(options);
    place(&mut p, who);
    p
}

/// A file attached to an interaction: Discord's attachment object, as `data.resolved` holds it.
#[derive(Debug, Clone)]
pub struct File {
    /// The attachment id.
    pub id: u64,
    /// Its file name.
    pub filename: String,
    /// The size Discord declares.
    pub size: u64,
    /// Where it is served.
    pub url: String,
}

/// `/import` with `file` attached (and `force` when given), as Discord sends it: the option
/// holds the attachment's id, `data.resolved.attachments` the attachment.
pub fn import(file: &File, force: Option<bool>, who: &Who) -> Value {
    let id = file.id.to_string();
    let mut options = vec![json!({ "type": 11, "name": "file", "value": id })];
    if let Some(f) = force {
        options.push(json!({ "type": 5, "name": "force", "value": f }));
    }
    let mut p = slash("import", options, who);
    p["data"]["resolved"] = json!({ "attachments": { id.clone(): {
        "id": id,
        "filename": file.filename,
        "size": file.size,
        "url": file.url,
        "proxy_url": file.url,
        "content_type": "text/plain; charset=utf-8",
        "ephemeral": true
    }}});
    p
}

/// An autocomplete interaction (type 4) for `option` of `command`, `partial` typed so far.
pub fn autocomplete(command: &str, option: &str, partial: &str, who: &Who) -> Value {
    let mut p = fixture("synthetic_autocomplete_interaction.serenity_ok.json");
    p["data"]["name"] = json!(command);
    p["data"]["options"] =
        json!([{ "type": 3, "name": option, "value": partial, "focused": true }]);
    place(&mut p, who);
    p
}

/// A `MESSAGE_CREATE` payload; `mention_bot` puts the bot in `mentions` (the content should
/// carry `<@BOT_ID>` too, as Discord's would).
pub fn message(content: &str, who: &Who, mention_bot: bool) -> Value {
    let mut d = fixture("synthetic_gateway_message_create.json")["d"].clone();
    d["content"] = json!(content);
    d["author"]["id"] = json!(who.user_id.to_string());
    d["reactions"] = json!([]);
    d["mention_everyone"] = json!(content.contains("@everyone") || content.contains("@here"));
    d["mentions"] = if mention_bot {
        let mut bot = fixture("synthetic_gateway_ready.json")["d"]["user"].clone();
        bot["member"] = json!({ "roles": [], "joined_at": "2017-03-13T19:19:14.040000+00:00", "deaf": false, "mute": false, "flags": 0 });
        json!([bot])
    } else {
        json!([])
    };
    if who.in_guild {
        d["guild_id"] = json!(GUILD_ID.to_string());
        d["channel_id"] = json!(MESSAGE_CHANNEL_ID.to_string());
        d["member"]["roles"] = json!(who.roles.iter().map(u64::to_string).collect::<Vec<_>>());
    } else {
        let o = d.as_object_mut().unwrap();
        o.remove("guild_id");
        o.remove("member");
        d["channel_id"] = json!(who.dm_channel().to_string());
    }
    d
}

/// `<@BOT_ID>`, the bot's mention as Discord writes it in content.
pub fn bot_mention() -> String {
    format!("<@{BOT_ID}>")
}

/// A click on a message button (`INTERACTION_CREATE`, type 3) carrying `custom_id`, on a
/// message of the bot's as Discord attaches it.
pub fn button(custom_id: &str, who: &Who) -> Value {
    // Every click is an interaction of its own, with its own id, as Discord sends them (the
    // same body twice would be a replay).
    static CLICKS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = CLICKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut p = fixture("synthetic_slash_command_interaction.serenity_ok.json");
    p["id"] = json!((1_400_000_000_000_000_000u64 + n).to_string());
    p["type"] = json!(3);
    p["data"] = json!({ "component_type": 2, "custom_id": custom_id });
    let mut message = fixture("synthetic_gateway_message_create.json")["d"].clone();
    message["author"] = fixture("synthetic_gateway_ready.json")["d"]["user"].clone();
    message["reactions"] = json!([]);
    p["message"] = message;
    place(&mut p, who);
    p
}
