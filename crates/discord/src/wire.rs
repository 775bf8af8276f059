//! Discord's numeric codes, one `#[repr(u8)]` enum per family, each defined here once: what an
//! interaction is, what an application command and its options are, and what a message
//! component is. Callback types are [`crate::callback::CallbackKind`]; option types are
//! [`crate::command::OptionKind`].

/// Serializes a `#[repr(u8)]` code enum as its number, and reads one back from JSON's.
macro_rules! wire_code {
    ($name:ident { $($variant:ident),* $(,)? }) => {
        impl $name {
            /// The number Discord knows it by.
            pub fn code(self) -> u8 {
                self as u8
            }

            /// The variant Discord's number `code` stands for, if versus knows it.
            pub fn from_code(code: u64) -> Option<$name> {
                [$($name::$variant),*].into_iter().find(|v| u64::from(v.code()) == code)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u8(self.code())
            }
        }
    };
}
pub(crate) use wire_code;

/// An interaction's `type`.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionType {
    /// Discord checking the endpoint is alive.
    Ping = 1,
    /// A slash command.
    ApplicationCommand = 2,
    /// A button click.
    MessageComponent = 3,
    /// An autocomplete request.
    Autocomplete = 4,
    /// A modal's submission (versus sends no modals).
    ModalSubmit = 5,
}
wire_code!(InteractionType {
    Ping,
    ApplicationCommand,
    MessageComponent,
    Autocomplete,
    ModalSubmit
});

/// An application command's `type`.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandType {
    /// A slash command.
    ChatInput = 1,
}
wire_code!(CommandType { ChatInput });

/// A message component's `type`.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentType {
    /// A row holding buttons.
    ActionRow = 1,
    /// A button.
    Button = 2,
}
wire_code!(ComponentType { ActionRow, Button });

/// A button's `style`.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    /// Blurple: an admin's next step (add the topic an import proposed).
    Primary = 1,
    /// Grey: feedback must not look like the answer's call to action.
    Secondary = 2,
}
wire_code!(ButtonStyle { Primary, Secondary });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_discords_and_read_back() {
        assert_eq!(InteractionType::Autocomplete.code(), 4);
        assert_eq!(
            InteractionType::from_code(3),
            Some(InteractionType::MessageComponent)
        );
        assert_eq!(InteractionType::from_code(9), None);
        assert_eq!(serde_json::to_value(ComponentType::Button).unwrap(), 2);
        assert_eq!(CommandType::from_code(1), Some(CommandType::ChatInput));
    }
}
