"""What the gateway puts on every message it sends to Rasa, read by the actions and policies.

One place for the names, because three processes share them: the gateway writes them
(bot/gateway/pipeline.py), the action server and the dialogue policies read them.
"""

COUNTRY = "country"  # the user's country code, for support lines
CRISIS_CARD_SENT = "crisis_card_sent"  # the gateway already sent the card for this message
CONSENT_GIVEN = "consent_given"  # from the user data store: outlives the conversation's retention
IS_MINOR = "is_minor"  # the user said they are under 18
# How the gateway read the message, in the light of the messages before it (bot/safety/context.py):
# a crisis typed over three messages, or "no" to "are you safe right now?". Never lower than
# what the dialogue's own reading of the message alone says.
GATEWAY_ASSESSMENT = "gateway_assessment"
UTC_OFFSET = "utc_offset_minutes"  # the user's clock minus UTC, when they told Harbor; else None
LOCAL_TIME_ASKED = "local_time_asked"  # Harbor has asked for the user's time (it asks once)
