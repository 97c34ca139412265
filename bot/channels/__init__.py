"""The channels users talk through: Telegram and the terminal chat. Each turns its own input
into calls on the gateway (bot.gateway) and renders the gateway's replies its own way."""
