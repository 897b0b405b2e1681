// The emoji the composer offers: a curated few hundred in common use, named as in Unicode's CLDR
// short names, with search words. Shipped in the build (no CDN) and loaded only with the picker
// (a dynamic import), so none of it weighs on the first screen.
// One line per emoji: "<emoji> <name>|<search words>".

export interface Emoji {
  char: string;
  name: string;
  keywords: string;
}

export interface EmojiCategory {
  id: string;
  label: string;
  emoji: Emoji[];
}

const source: [id: string, label: string, lines: string][] = [
  ["smileys", "Smileys & emotion", `
😀 grinning face|smile happy joy
😃 grinning face with big eyes|smile happy
😄 grinning face with smiling eyes|smile happy laugh
😁 beaming face with smiling eyes|grin happy
😆 grinning squinting face|laugh happy
😅 grinning face with sweat|relief phew nervous
🤣 rolling on the floor laughing|lol rofl laugh
😂 face with tears of joy|lol laugh cry
🙂 slightly smiling face|smile
🙃 upside-down face|silly sarcasm
😉 winking face|wink flirt
😊 smiling face with smiling eyes|blush happy
😇 smiling face with halo|angel innocent
🥰 smiling face with hearts|love adore
😍 smiling face with heart-eyes|love crush
🤩 star-struck|wow amazing excited
😘 face blowing a kiss|kiss love
😗 kissing face|kiss
😋 face savoring food|yum tasty delicious
😛 face with tongue|tongue playful
😜 winking face with tongue|joke silly
🤪 zany face|crazy goofy
😝 squinting face with tongue|tongue silly
🤑 money-mouth face|money rich
🤗 smiling face with open hands|hug thanks
🤭 face with hand over mouth|oops giggle
🤫 shushing face|quiet secret
🤔 thinking face|hmm think wonder
🤐 zipper-mouth face|secret quiet
🤨 face with raised eyebrow|skeptical doubt
😐 neutral face|meh blank
😑 expressionless face|blank meh
😶 face without mouth|speechless silent
😏 smirking face|smirk smug
😒 unamused face|meh annoyed
🙄 face with rolling eyes|eyeroll whatever
😬 grimacing face|awkward yikes
😌 relieved face|relief calm
😔 pensive face|sad thoughtful
😪 sleepy face|tired
🤤 drooling face|drool
😴 sleeping face|sleep zzz tired
😷 face with medical mask|sick mask ill
🤒 face with thermometer|sick fever ill
🤕 face with head-bandage|hurt injury
🤢 nauseated face|sick gross
🤮 face vomiting|sick vomit
🤧 sneezing face|sneeze cold sick
🥵 hot face|heat sweat
🥶 cold face|freezing cold
🥴 woozy face|dizzy drunk
😵 face with crossed-out eyes|dizzy dead
🤯 exploding head|mind blown shocked
🤠 cowboy hat face|cowboy
🥳 partying face|party celebrate birthday
😎 smiling face with sunglasses|cool sunglasses
🤓 nerd face|geek nerd
🧐 face with monocle|curious inspect
😕 confused face|confused unsure
😟 worried face|worried concern
🙁 slightly frowning face|sad frown
😮 face with open mouth|surprise wow
😯 hushed face|surprised
😲 astonished face|shocked amazed
😳 flushed face|embarrassed blush
🥺 pleading face|please puppy eyes
😦 frowning face with open mouth|shocked
😧 anguished face|pain
😨 fearful face|scared afraid
😰 anxious face with sweat|nervous anxious
😥 sad but relieved face|phew disappointed
😢 crying face|sad tear cry
😭 loudly crying face|sob cry sad
😱 face screaming in fear|scream shock horror
😖 confounded face|frustrated
😣 persevering face|struggle
😞 disappointed face|sad disappointed
😓 downcast face with sweat|hard work sweat
😩 weary face|tired weary
😫 tired face|exhausted tired
🥱 yawning face|yawn bored tired
😤 face with steam from nose|triumph frustrated
😡 enraged face|angry mad rage
😠 angry face|angry mad
🤬 face with symbols on mouth|swear cursing
😈 smiling face with horns|devil mischief
💀 skull|dead death
💩 pile of poo|poop
🤡 clown face|clown
👻 ghost|halloween boo
👽 alien|ufo space
🤖 robot|bot machine
😺 grinning cat|cat smile
😻 smiling cat with heart-eyes|cat love
🙈 see-no-evil monkey|monkey hide oops
🙉 hear-no-evil monkey|monkey
🙊 speak-no-evil monkey|monkey secret
💋 kiss mark|kiss lips
💌 love letter|love mail
💘 heart with arrow|love cupid
💝 heart with ribbon|gift love
💖 sparkling heart|love sparkle
💗 growing heart|love
💓 beating heart|love heartbeat
💞 revolving hearts|love
💕 two hearts|love
💔 broken heart|sad heartbreak
❤️ red heart|love like
🧡 orange heart|love
💛 yellow heart|love
💚 green heart|love
💙 blue heart|love
💜 purple heart|love
🖤 black heart|love
🤍 white heart|love
💯 hundred points|100 perfect score
💢 anger symbol|angry
💥 collision|boom bang
💫 dizzy|star
💦 sweat droplets|water splash
💨 dashing away|fast wind
💬 speech balloon|chat message comment
💭 thought balloon|think bubble
💤 zzz|sleep`],
  ["people", "People & gestures", `
👋 waving hand|wave hello hi bye
🤚 raised back of hand|stop
🖐️ hand with fingers splayed|hand five
✋ raised hand|stop high five
👌 OK hand|ok perfect
🤌 pinched fingers|italian
🤏 pinching hand|small little
✌️ victory hand|peace victory
🤞 crossed fingers|luck hope
🤟 love-you gesture|love
🤘 sign of the horns|rock
🤙 call me hand|call phone
👈 backhand index pointing left|left point
👉 backhand index pointing right|right point
👆 backhand index pointing up|up point
👇 backhand index pointing down|down point
☝️ index pointing up|up one
👍 thumbs up|yes like ok approve +1
👎 thumbs down|no dislike -1
✊ raised fist|fist power
👊 oncoming fist|punch fist bump
🤛 left-facing fist|fist bump
🤜 right-facing fist|fist bump
👏 clapping hands|clap applause bravo
🙌 raising hands|hooray celebrate praise
👐 open hands|hug
🤲 palms up together|prayer
🤝 handshake|deal agreement partnership
🙏 folded hands|please thanks pray
✍️ writing hand|write sign
💅 nail polish|nails beauty
💪 flexed biceps|strong muscle
👀 eyes|look see watching
👁️ eye|look see
👂 ear|hear listen
👃 nose|smell
🧠 brain|smart think
👶 baby|child newborn
🧒 child|kid
👦 boy|child
👧 girl|child
🧑 person|adult
👨 man|adult
👩 woman|adult
🧓 older person|elderly
👴 old man|elderly grandfather
👵 old woman|elderly grandmother
🙋 person raising hand|question hello
🙅 person gesturing no|no stop
🙆 person gesturing OK|ok yes
💁 person tipping hand|information help desk
🤷 person shrugging|shrug dunno whatever
🤦 person facepalming|facepalm disbelief
🙇 person bowing|sorry apology thanks
👮 police officer|police cop
🕵️ detective|spy investigate
💂 guard|guard
👷 construction worker|builder
🤴 prince|royal
👸 princess|royal
🧑‍💻 technologist|developer computer coder
🧑‍🔧 mechanic|repair fix
🧑‍⚕️ health worker|doctor nurse
🧑‍🍳 cook|chef kitchen
🧑‍🏫 teacher|school
🎅 Santa Claus|christmas
🧙 mage|wizard magic
🏃 person running|run hurry
🚶 person walking|walk
💃 woman dancing|dance party
🕺 man dancing|dance party
👯 people with bunny ears|party dance
🧘 person in lotus position|yoga meditate calm
👪 family|parents children
👫 woman and man holding hands|couple
🗣️ speaking head|speak talk
👤 bust in silhouette|person user
👥 busts in silhouette|people users team`],
  ["nature", "Animals & nature", `
🐶 dog face|dog puppy pet
🐱 cat face|cat kitten pet
🐭 mouse face|mouse
🐹 hamster|pet
🐰 rabbit face|bunny rabbit
🦊 fox|fox
🐻 bear|bear
🐼 panda|panda
🐨 koala|koala
🐯 tiger face|tiger
🦁 lion|lion
🐮 cow face|cow
🐷 pig face|pig
🐸 frog|frog
🐵 monkey face|monkey
🐔 chicken|chicken
🐧 penguin|penguin
🐦 bird|bird
🐤 baby chick|chick bird
🦆 duck|duck
🦅 eagle|eagle
🦉 owl|owl night
🐴 horse face|horse
🦄 unicorn|unicorn magic
🐝 honeybee|bee
🐛 bug|bug insect
🦋 butterfly|butterfly
🐌 snail|slow
🐞 lady beetle|ladybug
🐢 turtle|slow tortoise
🐍 snake|snake
🐙 octopus|octopus
🐬 dolphin|dolphin
🐳 spouting whale|whale
🐟 fish|fish
🦈 shark|shark
🐘 elephant|elephant
🦒 giraffe|giraffe
🐪 camel|camel desert
🐾 paw prints|paw pet
💐 bouquet|flowers
🌸 cherry blossom|flower spring
🌹 rose|flower love
🌻 sunflower|flower
🌷 tulip|flower
🌱 seedling|plant grow
🌲 evergreen tree|tree
🌳 deciduous tree|tree
🌴 palm tree|tree beach holiday
🌵 cactus|desert plant
🍀 four leaf clover|luck
🍁 maple leaf|autumn fall
🍂 fallen leaf|autumn fall
🌍 globe showing Europe-Africa|earth world
🌎 globe showing Americas|earth world
🌏 globe showing Asia-Australia|earth world
🌙 crescent moon|moon night
⭐ star|star favourite
🌟 glowing star|star shine
✨ sparkles|sparkle shiny new magic
⚡ high voltage|lightning electric fast
🔥 fire|hot flame lit
🌈 rainbow|rainbow pride
☀️ sun|sunny weather
⛅ sun behind cloud|cloudy weather
☁️ cloud|cloud weather
🌧️ cloud with rain|rain weather
⛈️ cloud with lightning and rain|storm weather
❄️ snowflake|snow cold winter
☃️ snowman|snow winter
🌊 water wave|wave ocean sea
💧 droplet|water drop
☔ umbrella with rain drops|rain`],
  ["food", "Food & drink", `
🍏 green apple|fruit
🍎 red apple|fruit
🍐 pear|fruit
🍊 tangerine|orange fruit
🍋 lemon|fruit
🍌 banana|fruit
🍉 watermelon|fruit summer
🍇 grapes|fruit
🍓 strawberry|fruit
🍒 cherries|fruit
🍑 peach|fruit
🥭 mango|fruit
🍍 pineapple|fruit
🥥 coconut|fruit
🥝 kiwi fruit|fruit
🍅 tomato|vegetable
🥑 avocado|fruit
🥦 broccoli|vegetable
🌽 ear of corn|corn
🥕 carrot|vegetable
🥔 potato|vegetable
🍞 bread|bakery
🥐 croissant|bakery breakfast
🥖 baguette bread|bakery
🧀 cheese wedge|cheese
🥚 egg|breakfast
🍳 cooking|egg pan breakfast
🥞 pancakes|breakfast
🥓 bacon|breakfast
🍔 hamburger|burger fast food
🍟 french fries|chips fast food
🍕 pizza|food
🌭 hot dog|food
🥪 sandwich|lunch
🌮 taco|mexican
🌯 burrito|mexican
🥗 green salad|salad healthy
🍝 spaghetti|pasta
🍜 steaming bowl|noodles ramen
🍣 sushi|japanese
🍱 bento box|japanese lunch
🍚 cooked rice|rice
🍛 curry rice|curry
🍦 soft ice cream|dessert
🍩 doughnut|donut dessert
🍪 cookie|biscuit dessert
🎂 birthday cake|birthday party
🍰 shortcake|cake dessert
🧁 cupcake|dessert
🍫 chocolate bar|chocolate sweet
🍬 candy|sweet
🍭 lollipop|sweet
🍯 honey pot|honey
☕ hot beverage|coffee tea
🍵 teacup without handle|tea
🧃 beverage box|juice
🥤 cup with straw|soda drink
🍺 beer mug|beer drink
🍻 clinking beer mugs|cheers beer
🥂 clinking glasses|cheers celebrate toast
🍷 wine glass|wine drink
🍸 cocktail glass|cocktail drink
🍾 bottle with popping cork|champagne celebrate
🍽️ fork and knife with plate|dinner meal`],
  ["travel", "Travel & places", `
🚗 automobile|car
🚕 taxi|cab
🚌 bus|bus
🚑 ambulance|emergency
🚒 fire engine|fire truck
🚓 police car|police
🚚 delivery truck|delivery shipping truck
🚛 articulated lorry|truck shipping
🚲 bicycle|bike
🛵 motor scooter|scooter
🏍️ motorcycle|motorbike
🚂 locomotive|train
🚆 train|train rail
🚇 metro|subway underground
✈️ airplane|flight plane travel
🛫 airplane departure|flight takeoff
🛬 airplane arrival|flight landing
🚀 rocket|launch ship fast
🛸 flying saucer|ufo
🚁 helicopter|helicopter
⛵ sailboat|boat
🚢 ship|ship boat cruise
⚓ anchor|ship
⛽ fuel pump|gas petrol
🚧 construction|roadwork work in progress
🚦 vertical traffic light|traffic
🗺️ world map|map
🧭 compass|direction
🏔️ snow-capped mountain|mountain
🏕️ camping|camp tent
🏖️ beach with umbrella|beach holiday vacation
🏝️ desert island|island holiday
🏠 house|home
🏡 house with garden|home
🏢 office building|office work
🏥 hospital|health
🏦 bank|money
🏨 hotel|hotel
🏪 convenience store|shop store
🏫 school|school
🏬 department store|shop store
🏭 factory|factory industry
🏰 castle|castle
⛪ church|church
🗽 Statue of Liberty|new york
🗼 Tokyo tower|tokyo
🎡 ferris wheel|fair
🎢 roller coaster|fun
🌅 sunrise|morning
🌇 sunset|evening
🌃 night with stars|night city`],
  ["activities", "Activities", `
🎉 party popper|party celebrate congratulations tada
🎊 confetti ball|party celebrate
🎈 balloon|party birthday
🎁 wrapped gift|present gift birthday
🎀 ribbon|gift
🎄 Christmas tree|christmas holiday
🎃 jack-o-lantern|halloween pumpkin
🎆 fireworks|celebrate new year
🧨 firecracker|fireworks
🎗️ reminder ribbon|reminder
🎟️ admission tickets|ticket
🎫 ticket|ticket
🏆 trophy|win award champion
🏅 sports medal|medal award
🥇 1st place medal|gold first winner
🥈 2nd place medal|silver second
🥉 3rd place medal|bronze third
⚽ soccer ball|football sport
⚾ baseball|sport
🏀 basketball|sport
🏐 volleyball|sport
🏈 american football|sport
🎾 tennis|sport
🎳 bowling|sport
🏓 ping pong|table tennis sport
🥊 boxing glove|boxing sport
🎯 bullseye|target goal dart
⛳ flag in hole|golf
🎣 fishing pole|fishing
🎿 skis|ski winter
🏂 snowboarder|snowboard winter
🏋️ person lifting weights|gym fitness
🚴 person biking|cycling bike
🏊 person swimming|swim
🎮 video game|game controller
🎲 game die|dice game
🧩 puzzle piece|puzzle
♟️ chess pawn|chess
🎨 artist palette|art paint
🎬 clapper board|movie film
🎤 microphone|sing karaoke
🎧 headphone|music headphones
🎵 musical note|music
🎶 musical notes|music
🎸 guitar|music
🎹 musical keyboard|piano music
🎺 trumpet|music
🎻 violin|music
🥁 drum|music`],
  ["objects", "Objects", `
📱 mobile phone|phone smartphone cell
📲 mobile phone with arrow|call phone
☎️ telephone|phone call
📞 telephone receiver|phone call
📟 pager|pager
📠 fax machine|fax
💻 laptop|computer
🖥️ desktop computer|computer
🖨️ printer|print
⌨️ keyboard|type
🖱️ computer mouse|mouse
💾 floppy disk|save
💿 optical disk|cd
📷 camera|photo picture
📸 camera with flash|photo picture
📹 video camera|video
📺 television|tv
📻 radio|radio
🔋 battery|battery power
🔌 electric plug|plug power
💡 light bulb|idea tip
🔦 flashlight|torch light
🕯️ candle|light
🧯 fire extinguisher|fire safety
💸 money with wings|money spend
💵 dollar banknote|money cash
💶 euro banknote|money cash
💷 pound banknote|money cash
💰 money bag|money
💳 credit card|card payment
🧾 receipt|invoice bill
💎 gem stone|diamond jewel
⚖️ balance scale|law justice
🔧 wrench|tool fix
🔨 hammer|tool
🛠️ hammer and wrench|tools settings fix
⚙️ gear|settings cog
🔩 nut and bolt|tool
🧰 toolbox|tools
🧲 magnet|magnet
🔑 key|key password lock
🗝️ old key|key
🔒 locked|lock secure
🔓 unlocked|unlock open
🔐 locked with key|secure
🚪 door|door
🛏️ bed|sleep hotel
🛒 shopping cart|shop cart buy
🛍️ shopping bags|shopping
📦 package|box parcel delivery shipping
📫 closed mailbox with raised flag|mail post
📮 postbox|mail post
✉️ envelope|mail email letter
📧 e-mail|email mail
📨 incoming envelope|email mail
📩 envelope with arrow|email send
📝 memo|note write
📄 page facing up|document page
📃 page with curl|document
📑 bookmark tabs|document
📊 bar chart|chart stats graph
📈 chart increasing|growth up trend
📉 chart decreasing|down trend
📅 calendar|date schedule
📆 tear-off calendar|date schedule
🗓️ spiral calendar|date schedule
📇 card index|contacts
📋 clipboard|list
📌 pushpin|pin
📍 round pushpin|location pin place
📎 paperclip|attachment
✂️ scissors|cut
🖊️ pen|write
✏️ pencil|write edit
🔍 magnifying glass tilted left|search find
📚 books|read library study
📖 open book|read
🔖 bookmark|bookmark
🏷️ label|tag price
🗑️ wastebasket|trash delete bin
⏰ alarm clock|alarm time wake
⏳ hourglass not done|wait time
⌛ hourglass done|time
⏱️ stopwatch|time timer
🕐 one o’clock|time clock
🔔 bell|notification alert
🔕 bell with slash|mute silent
📣 megaphone|announce
📢 loudspeaker|announce
💊 pill|medicine
🩺 stethoscope|doctor health
🧪 test tube|science test
🔬 microscope|science
🔭 telescope|space
🧸 teddy bear|toy
👓 glasses|eyeglasses
👔 necktie|shirt work
👕 t-shirt|shirt clothes
👗 dress|clothes
👟 running shoe|shoe sneaker
👜 handbag|bag
🎒 backpack|school bag
💼 briefcase|work business
☂️ umbrella|rain`],
  ["symbols", "Symbols", `
✅ check mark button|done yes ok complete
☑️ check box with check|done
✔️ check mark|done yes
❌ cross mark|no wrong cancel
❎ cross mark button|no
➕ plus|add
➖ minus|subtract
➗ divide|division
❓ red question mark|question
❔ white question mark|question
❗ red exclamation mark|important alert
❕ white exclamation mark|important
‼️ double exclamation mark|important
⁉️ exclamation question mark|surprise
⚠️ warning|caution alert
🚫 prohibited|no forbidden
⛔ no entry|stop forbidden
🛑 stop sign|stop
📵 no mobile phones|no phone
🔞 no one under eighteen|adult 18
♻️ recycling symbol|recycle
🆗 OK button|ok
🆕 NEW button|new
🆓 FREE button|free
🆙 UP! button|up
🆒 COOL button|cool
🆘 SOS button|help emergency
ℹ️ information|info
🔴 red circle|red
🟠 orange circle|orange
🟡 yellow circle|yellow
🟢 green circle|green
🔵 blue circle|blue
🟣 purple circle|purple
⚫ black circle|black
⚪ white circle|white
🟥 red square|red
🟩 green square|green
🟦 blue square|blue
🔶 large orange diamond|orange
🔷 large blue diamond|blue
▶️ play button|play
⏸️ pause button|pause
⏹️ stop button|stop
⏩ fast-forward button|fast forward
⏪ fast reverse button|rewind
🔁 repeat button|repeat loop
🔄 counterclockwise arrows button|refresh sync update
🔃 clockwise vertical arrows|reload
⬆️ up arrow|up
⬇️ down arrow|down
⬅️ left arrow|left back
➡️ right arrow|right next
↩️ right arrow curving left|reply back return
↪️ left arrow curving right|forward
🔜 SOON arrow|soon
🔙 BACK arrow|back
🔝 TOP arrow|top
#️⃣ keycap: #|hash number
1️⃣ keycap: 1|one number
2️⃣ keycap: 2|two number
3️⃣ keycap: 3|three number
🔟 keycap: 10|ten number
💲 heavy dollar sign|money dollar
💱 currency exchange|money
©️ copyright|copyright
®️ registered|registered trademark
™️ trade mark|trademark
〰️ wavy dash|wave
➰ curly loop|loop
🔗 link|chain url
🌐 globe with meridians|web internet world
🏧 ATM sign|cash bank
🚻 restroom|toilet bathroom
♿ wheelchair symbol|accessible
🅿️ P button|parking
🕒 three o’clock|time clock
🎦 cinema|movie
📶 antenna bars|signal network
📳 vibration mode|phone vibrate
📴 mobile phone off|phone off
🔅 dim button|brightness
🔆 bright button|brightness
🔇 muted speaker|mute silent
🔊 speaker high volume|loud sound`],
  ["flags", "Flags", `
🏁 chequered flag|finish race
🚩 triangular flag|flag red
🏳️ white flag|surrender
🏴 black flag|flag
🏳️‍🌈 rainbow flag|pride lgbt
🇪🇺 flag: European Union|eu europe
🇺🇳 flag: United Nations|un
🇺🇸 flag: United States|usa america
🇬🇧 flag: United Kingdom|uk britain
🇨🇦 flag: Canada|canada
🇲🇽 flag: Mexico|mexico
🇧🇷 flag: Brazil|brazil
🇦🇷 flag: Argentina|argentina
🇫🇷 flag: France|france
🇩🇪 flag: Germany|germany deutschland
🇪🇸 flag: Spain|spain españa
🇮🇹 flag: Italy|italy
🇵🇹 flag: Portugal|portugal
🇳🇱 flag: Netherlands|netherlands holland
🇧🇪 flag: Belgium|belgium
🇨🇭 flag: Switzerland|switzerland
🇦🇹 flag: Austria|austria
🇮🇪 flag: Ireland|ireland
🇸🇪 flag: Sweden|sweden
🇳🇴 flag: Norway|norway
🇩🇰 flag: Denmark|denmark
🇫🇮 flag: Finland|finland
🇵🇱 flag: Poland|poland
🇹🇷 flag: Türkiye|turkey
🇺🇦 flag: Ukraine|ukraine
🇮🇳 flag: India|india
🇨🇳 flag: China|china
🇯🇵 flag: Japan|japan
🇰🇷 flag: South Korea|korea
🇮🇩 flag: Indonesia|indonesia
🇵🇭 flag: Philippines|philippines
🇦🇺 flag: Australia|australia
🇳🇿 flag: New Zealand|new zealand
🇿🇦 flag: South Africa|south africa
🇳🇬 flag: Nigeria|nigeria
🇪🇬 flag: Egypt|egypt
🇰🇪 flag: Kenya|kenya
🇸🇦 flag: Saudi Arabia|saudi arabia
🇦🇪 flag: United Arab Emirates|uae emirates
🇮🇱 flag: Israel|israel`],
];

function parse(lines: string): Emoji[] {
  return lines.split("\n").filter(Boolean).map((line) => {
    const space = line.indexOf(" ");
    const [name, keywords = ""] = line.slice(space + 1).split("|");
    return { char: line.slice(0, space), name, keywords };
  });
}

export const emojiCategories: EmojiCategory[] = source.map(([id, label, lines]) => ({ id, label, emoji: parse(lines) }));
